package dev.poslake.activities.etl.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Pipeline state kept in snapshot summaries (keys starting with {@value #PREFIX}).
 *
 * <p>Rule for readers: a pipeline step's state is read from the newest NON-replace snapshot that carries its
 * key. Compaction commits ({@code replace}) copy the {@code pos.} keys of the snapshot they started from so
 * the table's current snapshot always shows them, but when Iceberg retries a compaction commit on top of a
 * concurrent commit, that copy can be older than the concurrent commit's: so copies are informational only
 * (and for monotonic values like Kafka offsets they can be merged with max). Likewise incremental readers
 * (silver over bronze, gold over silver) must only read {@code append} snapshots: {@code replace} snapshots
 * hold the same rows in new files.
 */
public final class StateSnapshots {
  public static final String PREFIX = "pos.";

  private StateSnapshots() {}

  public static boolean isReplace(Snapshot s) {
    return DataOperations.REPLACE.equals(s.operation());
  }

  /** Newest non-replace snapshot among the current one and its ancestors that has the key. */
  public static Optional<Snapshot> newestCarrying(Table table, String key) {
    Snapshot current = table.currentSnapshot();
    if (current == null) return Optional.empty();
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      if (!isReplace(s) && s.summary().containsKey(key)) return Optional.of(s);
    }
    return Optional.empty();
  }

  /** Value of the key on {@link #newestCarrying}. */
  public static Optional<String> newest(Table table, String key) {
    return newestCarrying(table, key).map(s -> s.summary().get(key));
  }

  /** Newest non-replace snapshot of the current ancestry (what snapshot expiry must never remove). */
  public static Optional<Snapshot> newestNonReplace(Table table) {
    Snapshot current = table.currentSnapshot();
    if (current == null) return Optional.empty();
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      if (!isReplace(s)) return Optional.of(s);
    }
    return Optional.empty();
  }

  /** The {@code pos.} keys of a snapshot (to carry forward on a compaction commit). */
  public static Map<String, String> pipelineKeys(Snapshot s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s != null) {
      s.summary().forEach((k, v) -> {
        if (k.startsWith(PREFIX)) out.put(k, v);
      });
    }
    return out;
  }
}
