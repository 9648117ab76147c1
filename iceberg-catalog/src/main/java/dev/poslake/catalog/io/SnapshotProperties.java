package dev.poslake.catalog.io;

import java.util.Optional;
import java.util.function.Predicate;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Reads snapshot summary properties (set with {@code set(key, value)} on a commit), e.g. the Kafka offsets a
 * bronze commit covers or the hash of the reference file a table was loaded from.
 *
 * <p>Pipeline state lives on the commits that changed it, never on compactions: the readers below skip
 * {@code replace} snapshots (same rows in new files). A compaction that Iceberg re-applied on top of a concurrent
 * commit could otherwise hand out a summary copied from the state before that commit.
 */
public final class SnapshotProperties {
  private SnapshotProperties() {}

  /** The property on the table's current snapshot only (empty if no snapshot or not set there). */
  public static Optional<String> current(Table table, String key) {
    Snapshot s = table.currentSnapshot();
    return s == null ? Optional.empty() : Optional.ofNullable(s.summary().get(key));
  }

  /** True for compaction commits: they rewrite files and change no state. */
  public static boolean isReplace(Snapshot s) {
    return DataOperations.REPLACE.equals(s.operation());
  }

  /**
   * The property on the newest non-replace snapshot that has it, walking back from the current snapshot through
   * its ancestors: commits that don't set it (compaction, maintenance by other engines) are skipped.
   */
  public static Optional<String> latest(Table table, String key) {
    return latestSnapshotWith(table, s -> s.summary().containsKey(key)).map(s -> s.summary().get(key));
  }

  /** The newest non-replace snapshot among the current snapshot and its ancestors that matches. */
  public static Optional<Snapshot> latestSnapshotWith(Table table, Predicate<Snapshot> predicate) {
    Snapshot current = table.currentSnapshot();
    if (current == null) return Optional.empty();
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      if (!isReplace(s) && predicate.test(s)) return Optional.of(s);
    }
    return Optional.empty();
  }

  /** The newest non-replace snapshot: the table's state (what snapshot expiry must never remove). */
  public static Optional<Snapshot> stateSnapshot(Table table) {
    return latestSnapshotWith(table, s -> true);
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
