package dev.poslake.activities.etl.bronze;

import dev.poslake.activities.etl.io.StateSnapshots;
import dev.poslake.catalog.io.SnapshotProperties;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;

/**
 * Committed Kafka end offsets in bronze snapshot summaries: one key per partition,
 * {@code pos.kafka.<topic>.<partition>.end} = the next offset to read, and {@code pos.kafka.<topic>.topic-id} = the
 * id of the topic they belong to.
 *
 * <p>Every bronze commit carries the ends of ALL partitions (previous ones copied forward, its own updated) and
 * applies only on the state it copied them from ({@link dev.poslake.catalog.io.StateGuard}), so the newest
 * non-replace snapshot that carries them holds the exact committed ends: expiring older snapshots loses
 * nothing, and a reset (`pos ops reset-offsets`) can move them backwards. Summaries live in table metadata
 * already in memory: no I/O.
 */
public final class BronzeOffsets {
  private BronzeOffsets() {}

  static String prefix(String topic) {
    return StateSnapshots.PREFIX + "kafka." + topic + ".";
  }

  public static String key(String topic, int partition) {
    return prefix(topic) + partition + ".end";
  }

  /** Summary key: the id of the Kafka topic the ends belong to (see {@link KafkaTopicIds}). */
  public static String topicIdKey(String topic) {
    return prefix(topic) + "topic-id";
  }

  /** Bronze's committed position in a topic: the end offset per partition and the topic's id (null: unknown). */
  public record Committed(Map<Integer, Long> ends, String topicId) {
    public long end(int partition) {
      return ends.getOrDefault(partition, 0L);
    }
  }

  /** Committed end offset per partition (absent = nothing committed yet = start at 0). */
  public static Map<Integer, Long> committed(Table table, String topic) {
    return read(table, topic).ends();
  }

  /** The ends and topic id, from the newest state snapshot that carries them. */
  public static Committed read(Table table, String topic) {
    String prefix = prefix(topic);
    Map<Integer, Long> ends = new TreeMap<>();
    String[] topicId = {null};
    SnapshotProperties.latestSnapshotWith(table, s -> s.summary().keySet().stream().anyMatch(k -> isEnd(prefix, k)))
        .ifPresent(s -> s.summary().forEach((k, v) -> {
          if (isEnd(prefix, k)) {
            ends.put(Integer.parseInt(k.substring(prefix.length(), k.length() - ".end".length())), Long.parseLong(v));
          } else if (k.equals(topicIdKey(topic))) {
            topicId[0] = v;
          }
        }));
    return new Committed(ends, topicId[0]);
  }

  private static boolean isEnd(String prefix, String key) {
    if (!key.startsWith(prefix) || !key.endsWith(".end")) return false;
    String p = key.substring(prefix.length(), key.length() - ".end".length());
    return !p.isEmpty() && p.chars().allMatch(Character::isDigit);
  }

  /** Summary entries for these ends and topic id (null: not recorded). */
  public static Map<String, String> summary(String topic, Map<Integer, Long> ends, String topicId) {
    Map<String, String> out = new TreeMap<>();
    ends.forEach((p, end) -> out.put(key(topic, p), Long.toString(end)));
    if (topicId != null) out.put(topicIdKey(topic), topicId);
    return out;
  }
}
