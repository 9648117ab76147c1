package dev.poslake.activities.etl.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A valid recount line: a silver {@code inventory_snapshot} row, and the candidate for
 * {@code latest_inventory_snapshot} (see {@link LatestSnapshotRule}).
 *
 * @param sourceFile the object key of the CSV (stored as the source column; also the tie-breaker)
 * @param lineNumber 1-based line in that file (the header is line 1)
 * @param dateTime   the recount time, UTC
 */
public record SnapshotRow(String sourceFile, long lineNumber, int itemId, int employeeId, int storeId,
    Instant dateTime, int quantity) implements SnapshotLine {
  public SnapshotRow {
    Objects.requireNonNull(sourceFile, "sourceFile");
    Objects.requireNonNull(dateTime, "dateTime");
  }

  /** (store_id, item_id) packed in a long, for maps keyed by pair; see {@link PairKey}. */
  public long pairKey() {
    return PairKey.of(storeId, itemId);
  }
}
