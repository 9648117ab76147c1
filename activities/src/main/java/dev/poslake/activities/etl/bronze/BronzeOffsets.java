package dev.poslake.activities.etl.bronze;

import dev.poslake.activities.etl.io.StateSnapshots;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Committed Kafka end offsets in bronze snapshot summaries: one key per partition,
 * {@code pos.kafka.<topic>.<partition>.end} = the next offset to read.
 *
 * <p>Every bronze commit carries the ends of ALL partitions (previous ones copied forward, its own updated),
 * so the current snapshot alone tells them and expiring old snapshots loses nothing; compaction commits copy
 * them too. Reading takes, per partition, the MAX over the current snapshot and all its retained ancestors:
 * offsets only grow, so a copy that is stale (a compaction commit that Iceberg rebased over a concurrent bronze
 * commit) can never move an offset backwards. Summaries live in table metadata already in memory: no I/O.
 */
public final class BronzeOffsets {
  private BronzeOffsets() {}

  static String prefix(String topic) {
    return StateSnapshots.PREFIX + "kafka." + topic + ".";
  }

  public static String key(String topic, int partition) {
    return prefix(topic) + partition + ".end";
  }

  /** Committed end offset per partition (absent = nothing committed yet = start at 0). */
  public static Map<Integer, Long> committed(Table table, String topic) {
    Map<Integer, Long> ends = new TreeMap<>();
    Snapshot current = table.currentSnapshot();
    if (current == null) return ends;
    String prefix = prefix(topic);
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      s.summary().forEach((k, v) -> {
        if (k.startsWith(prefix) && k.endsWith(".end")) {
          String p = k.substring(prefix.length(), k.length() - ".end".length());
          if (p.chars().allMatch(Character::isDigit) && !p.isEmpty()) {
            ends.merge(Integer.parseInt(p), Long.parseLong(v), Math::max);
          }
        }
      });
    }
    return ends;
  }

  /** Summary entries for these ends. */
  public static Map<String, String> summary(String topic, Map<Integer, Long> ends) {
    Map<String, String> out = new TreeMap<>();
    ends.forEach((p, end) -> out.put(key(topic, p), Long.toString(end)));
    return out;
  }
}
