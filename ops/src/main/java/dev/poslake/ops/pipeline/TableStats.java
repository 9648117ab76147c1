package dev.poslake.ops.pipeline;

import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/**
 * A table's row count and last commit, from its current snapshot's summary: no manifest or data file is read, so
 * the page can ask every few seconds.
 *
 * @param rows null if the table has no snapshot or its summary has no total
 * @param lastCommitMillis null if the table has no snapshot
 */
public record TableStats(Long rows, Long lastCommitMillis) {
  public static final TableStats NONE = new TableStats(null, null);

  public static TableStats of(Table table) {
    Snapshot s = table.currentSnapshot();
    return s == null ? NONE : new TableStats(rows(s.summary()), s.timestampMillis());
  }

  /**
   * {@code total-records} counts the rows of the data files; gold deletes the rows it replaces with position
   * deletes (merge on read), each of one live row, so those are taken off. Equality deletes (none of the pipeline's
   * tables writes any) would leave this an upper bound.
   */
  static Long rows(Map<String, String> summary) {
    String total = summary.get(SnapshotSummary.TOTAL_RECORDS_PROP);
    if (total == null) return null;
    String deleted = summary.get(SnapshotSummary.TOTAL_POS_DELETES_PROP);
    return Long.parseLong(total) - (deleted == null ? 0 : Long.parseLong(deleted));
  }
}
