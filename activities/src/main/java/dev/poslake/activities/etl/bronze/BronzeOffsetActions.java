package dev.poslake.activities.etl.bronze;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.catalog.io.StateGuard;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * An operator's changes to bronze's committed Kafka position (`pos ops acknowledge-loss`, `pos ops reset-offsets`).
 * Each is one bronze commit without data, carrying the new ends and topic id like an ingest commit, who did it and
 * why; like ingest commits it applies only on the state it was computed from ({@link StateGuard}), so it cannot
 * interleave with a running bronze step. The caller records it in the run log.
 */
public final class BronzeOffsetActions {
  /** Summary keys of such a commit: the action, who, and the note. */
  public static final String ACTION_KEY = "pos.bronze.ops-action";
  public static final String BY_KEY = "pos.bronze.ops-by";
  public static final String NOTE_KEY = "pos.bronze.ops-note";
  /** Summary key of a reset: partition:[old end,new end) per partition. */
  public static final String RESET_KEY = "pos.bronze.reset";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int ATTEMPTS = 20;

  /** Where a reset moves every partition. */
  public enum ResetTo { EARLIEST, LATEST }

  /** A partition's committed end before and after a reset. */
  public record Moved(int partition, long from, long to) {}

  private final PipelineResources resources;

  public BronzeOffsetActions(PipelineResources resources) {
    this.resources = resources;
  }

  /**
   * Moves every partition whose committed end retention deleted to its log start, recording the skipped ranges
   * ({@link BronzeIngester#LOST_KEY}). Empty if nothing was lost (nothing is committed then).
   */
  public List<LostRange> acknowledgeLoss(String by, String note) {
    List<LostRange> acknowledged = commitLoop(state -> {
      Log log = log(state.topicId());
      List<LostRange> lost = new ArrayList<>();
      Map<Integer, Long> ends = new TreeMap<>(state.ends());
      log.start().forEach((p, start) -> {
        long c = state.end(p);
        if (start > c) {
          lost.add(new LostRange(p, c, start));
          ends.put(p, start);
        }
      });
      if (lost.isEmpty()) return null;
      StringBuilder lostKey = new StringBuilder();
      lost.forEach(r -> lostKey.append(lostKey.length() == 0 ? "" : ",").append(r.partition()).append(':')
          .append(r.size()));
      return new Change<>(lost, ends, log.topicId(), Map.of(ACTION_KEY, "acknowledge-loss",
          BronzeIngester.LOST_KEY, lostKey.toString(), BY_KEY, by, NOTE_KEY, note == null ? "" : note));
    });
    return acknowledged == null ? List.of() : acknowledged;
  }

  /**
   * Points bronze at the topic as it is now (e.g. recreated: a new id, offsets from 0): every partition's end
   * becomes the log start ({@code EARLIEST}: read everything the topic holds) or the log end ({@code LATEST}:
   * only what comes next), and the topic id the current one.
   */
  public List<Moved> reset(ResetTo to, String by, String note) {
    return commitLoop(state -> {
      Log log = log(null);
      Map<Integer, Long> ends = new TreeMap<>(to == ResetTo.EARLIEST ? log.start() : log.end());
      List<Moved> moved = new ArrayList<>();
      StringBuilder resetKey = new StringBuilder();
      ends.forEach((p, end) -> {
        moved.add(new Moved(p, state.end(p), end));
        resetKey.append(resetKey.length() == 0 ? "" : ",").append(p).append(":[").append(state.end(p)).append(',')
            .append(end).append(')');
      });
      return new Change<>(moved, ends, log.topicId(), Map.of(ACTION_KEY, "reset-offsets-" + to.name().toLowerCase(
          java.util.Locale.ROOT), RESET_KEY, resetKey.toString(), BY_KEY, by, NOTE_KEY, note == null ? "" : note));
    });
  }

  /** What an action commits: the new ends and topic id, extra summary keys, and what it returns. */
  private record Change<T>(T result, Map<Integer, Long> ends, String topicId, Map<String, String> summary) {}

  @FunctionalInterface
  private interface Decide<T> {
    /** null: nothing to commit. */
    Change<T> decide(BronzeOffsets.Committed state);
  }

  private <T> T commitLoop(Decide<T> decide) {
    String topic = resources.topic();
    Table table = resources.catalog().loadTable(resources.table(RawInventoryChangeTable.NAME));
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      table.refresh();
      StateGuard guard = StateGuard.unchangedSince(table);
      Change<T> change = decide.decide(BronzeOffsets.read(table, topic));
      if (change == null) return null;
      AppendFiles commit = table.newAppend().validateWith(guard);
      BronzeOffsets.summary(topic, change.ends(), change.topicId()).forEach(commit::set);
      change.summary().forEach(commit::set);
      try {
        commit.commit();
        return change.result();
      } catch (ValidationException concurrent) {
        // a bronze step committed meanwhile: decide again on its state
      }
    }
    throw new IllegalStateException("bronze kept changing (a running ETL?): pause it with `pos ops pause etl` and "
        + "try again");
  }

  /** The topic's current id and log bounds (committed, i.e. read_committed end offsets). */
  private record Log(String topicId, Map<Integer, Long> start, Map<Integer, Long> end) {}

  /** @param expectedTopicId the id bronze's offsets belong to (null: any) */
  private Log log(String expectedTopicId) {
    String topic = resources.topic();
    String topicId = KafkaTopicIds.of(resources.kafkaProperties(), topic);
    if (expectedTopicId != null && !expectedTopicId.equals(topicId)) {
      throw new TopicChangedException(topic, expectedTopicId, topicId);
    }
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaReaders.create(resources.kafkaProperties())) {
      List<TopicPartition> tps = consumer.partitionsFor(topic, TIMEOUT).stream()
          .map(i -> new TopicPartition(topic, i.partition()))
          .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
      Map<Integer, Long> start = new TreeMap<>();
      Map<Integer, Long> end = new TreeMap<>();
      consumer.beginningOffsets(tps, TIMEOUT).forEach((tp, o) -> start.put(tp.partition(), o));
      consumer.endOffsets(tps, TIMEOUT).forEach((tp, o) -> end.put(tp.partition(), o));
      return new Log(topicId, start, end);
    }
  }
}
