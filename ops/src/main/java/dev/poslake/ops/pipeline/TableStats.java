package dev.poslake.ops.pipeline;

import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/**
 * A table's row count and last commit, from its current snapshot's summary ({@code total-records}): no manifest
 * or data file is read, so the page can ask every few seconds.
 *
 * @param rows null if the table has no snapshot or its summary has no total
 * @param lastCommitMillis null if the table has no snapshot
 */
public record TableStats(Long rows, Long lastCommitMillis) {
  public static final TableStats NONE = new TableStats(null, null);

  public static TableStats of(Table table) {
    Snapshot s = table.currentSnapshot();
    if (s == null) return NONE;
    String total = s.summary().get(SnapshotSummary.TOTAL_RECORDS_PROP);
    return new TableStats(total == null ? null : Long.parseLong(total), s.timestampMillis());
  }
}
