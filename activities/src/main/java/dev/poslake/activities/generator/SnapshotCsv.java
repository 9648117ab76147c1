package dev.poslake.activities.generator;

import dev.poslake.activities.contracts.RecountCsv;
import java.io.OutputStream;

/** A {@link RecountEvent} as a recount CSV file ({@link RecountCsv}). Streamed: a recount is 100k rows. */
public final class SnapshotCsv {
  private SnapshotCsv() {}

  /** Writes the recount; does not close {@code out}. */
  public static void write(RecountEvent r, OutputStream out) {
    try (RecountCsv.Writer w = new RecountCsv.Writer(out)) {
      for (int i = 0; i < r.size(); i++) {
        w.row(r.itemId(i), r.employeeId(), r.storeId(), r.time(), r.quantity(i));
      }
    }
  }
}
