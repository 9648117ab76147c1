package dev.poslake.activities.generator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The snapshot (recount) CSV of the product contract: header item_id,employee_id,store_id,date_time,quantity,
 * date_time "yyyy-MM-dd HH:mm:ss" UTC, one row per item, LF line ends. Streamed: a recount is 100k rows.
 */
public final class SnapshotCsv {
  public static final String HEADER = "item_id,employee_id,store_id,date_time,quantity";
  public static final String PREFIX = "inventory_snapshots/";

  private SnapshotCsv() {}

  /** inventory_snapshots/inventory_snapshot_<store_id>_<yyyy-MM-dd_HH-mm-ss>.csv */
  public static String objectKey(int storeId, Instant time) {
    return PREFIX + "inventory_snapshot_" + storeId + "_" + TimeFormats.FILE_NAME.format(time) + ".csv";
  }

  /** Writes the recount; does not close {@code out}. */
  public static void write(RecountEvent r, OutputStream out) throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    // Every row shares the store/employee/time columns: format them once.
    String middle = "," + r.employeeId() + "," + r.storeId() + "," + TimeFormats.CSV.format(r.time()) + ",";
    w.write(HEADER);
    w.write('\n');
    for (int i = 0; i < r.size(); i++) {
      w.write(Integer.toString(r.itemId(i)));
      w.write(middle);
      w.write(Integer.toString(r.quantity(i)));
      w.write('\n');
    }
    w.flush();
  }
}
