package dev.poslake.catalog.io;

import java.util.Optional;
import java.util.function.Predicate;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Reads snapshot summary properties (set with {@code set(key, value)} on a commit), e.g. the Kafka offsets a
 * bronze commit covers or the hash of the reference file a table was loaded from.
 */
public final class SnapshotProperties {
  private SnapshotProperties() {}

  /** The property on the table's current snapshot only (empty if no snapshot or not set there). */
  public static Optional<String> current(Table table, String key) {
    Snapshot s = table.currentSnapshot();
    return s == null ? Optional.empty() : Optional.ofNullable(s.summary().get(key));
  }

  /**
   * The property on the newest snapshot, walking back from the current snapshot through its ancestors,
   * that has it: commits that don't set it (compaction, maintenance by other engines) are skipped.
   */
  public static Optional<String> latest(Table table, String key) {
    return latestSnapshotWith(table, s -> s.summary().containsKey(key)).map(s -> s.summary().get(key));
  }

  /** The newest snapshot among the current snapshot and its ancestors that matches. */
  public static Optional<Snapshot> latestSnapshotWith(Table table, Predicate<Snapshot> predicate) {
    Snapshot current = table.currentSnapshot();
    if (current == null) return Optional.empty();
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      if (predicate.test(s)) return Optional.of(s);
    }
    return Optional.empty();
  }

  /**
   * Live rows in the current snapshot per its summary: {@code total-records} minus {@code total-position-deletes}
   * (exact when no position is deleted twice, as gold's merge-on-read writes them), 0 for a table without
   * snapshot.
   */
  public static long totalRecords(Table table) {
    Snapshot s = table.currentSnapshot();
    if (s == null) return 0;
    String v = s.summary().get("total-records");
    if (v == null) return -1;
    String deleted = s.summary().get("total-position-deletes");
    return Long.parseLong(v) - (deleted == null ? 0 : Long.parseLong(deleted));
  }
}
