package dev.poslake.activities.etl.bronze;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plans per-partition offset ranges from the bronze table's committed offsets and Kafka's log bounds. */
public final class OffsetPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(OffsetPlanner.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final PipelineResources resources;

  public OffsetPlanner(PipelineResources resources) {
    this.resources = resources;
  }

  /** As {@link #plan(int, boolean)}, failing on offsets lost to retention. */
  public OffsetPlan plan(int maxOffsetsPerPartition) {
    return plan(maxOffsetsPerPartition, false);
  }

  /**
   * @param acceptDataLoss true: offsets retention deleted before bronze read them are skipped (and reported in the
   *     plan); false: the plan fails with {@link DataLossException}
   * @throws TopicChangedException the topic was recreated since bronze committed its offsets
   */
  public OffsetPlan plan(int maxOffsetsPerPartition, boolean acceptDataLoss) {
    if (maxOffsetsPerPartition < 1) {
      throw new IllegalArgumentException("maxOffsetsPerPartition must be >= 1: " + maxOffsetsPerPartition);
    }
    String topic = resources.topic();
    // three independent reads, side by side: a fresh worker's first plan (class loading, first connections) waited
    // for their sum, about 0.6 s on the critical path of its first run
    CompletableFuture<String> topicId = inBackground(() -> KafkaTopicIds.of(resources.kafkaProperties(), topic));
    CompletableFuture<LogBounds> log = inBackground(() -> logBounds(topic));
    Table table = resources.catalog().loadTable(resources.table(RawInventoryChangeTable.NAME));
    BronzeOffsets.Committed committed = BronzeOffsets.read(table, topic);
    String id = await(topicId);
    if (committed.topicId() != null && !committed.topicId().equals(id)) {
      throw new TopicChangedException(topic, committed.topicId(), id);
    }
    LogBounds bounds = await(log);
    return plan(topic, id, committed.ends(), bounds.begin(), bounds.end(), maxOffsetsPerPartition, acceptDataLoss);
  }

  /** Each partition's log start and last stable offset (read_committed). */
  private record LogBounds(Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end) {}

  private LogBounds logBounds(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaReaders.create(resources.kafkaProperties())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist or has no partitions");
      }
      List<TopicPartition> tps = new ArrayList<>();
      infos.stream().map(i -> new TopicPartition(topic, i.partition()))
          .sorted(Comparator.comparingInt(TopicPartition::partition)).forEach(tps::add);
      return new LogBounds(consumer.beginningOffsets(tps, TIMEOUT), consumer.endOffsets(tps, TIMEOUT));
    }
  }

  /** On a thread of its own (a plan is rare; both reads are bounded by the clients' 30 s timeouts). */
  private static <T> CompletableFuture<T> inBackground(Supplier<T> read) {
    return CompletableFuture.supplyAsync(read, task -> {
      Thread t = new Thread(task, "bronze-plan");
      t.setDaemon(true);
      t.start();
    });
  }

  /** The read's result, or its own exception (the activity's non-retryable failure types depend on it). */
  private static <T> T await(CompletableFuture<T> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw e;
    }
  }

  /**
   * Records not yet in bronze for EVERY partition of the topic, 0 where bronze has caught up (uncapped; lost offsets
   * not counted): for monitoring, where a partition left out would keep showing its last lag.
   */
  public Map<Integer, Long> lagByPartition() {
    return plan(Integer.MAX_VALUE, true).lagByPartition();
  }

  /** The pure planning rule (package-visible for tests). */
  static OffsetPlan plan(String topic, String topicId, Map<Integer, Long> committed, Map<TopicPartition, Long> begin,
      Map<TopicPartition, Long> end, int cap, boolean acceptDataLoss) {
    List<PartitionRange> ranges = new ArrayList<>();
    List<LostRange> lost = new ArrayList<>();
    Map<Integer, Long> lagByPartition = new TreeMap<>();
    long lag = 0;
    for (TopicPartition tp : end.keySet().stream().sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList()) {
      long c = committed.getOrDefault(tp.partition(), 0L);
      long logStart = begin.getOrDefault(tp, 0L);
      long logEnd = end.get(tp);
      if (c > logEnd) {
        // the log is shorter than what bronze already holds: topic recreated or truncated; reading on would
        // silently skip or re-number records
        throw new OffsetConflictException("bronze has committed " + tp + " up to offset " + c
            + " but the log ends at " + logEnd + ": was the topic recreated? Refusing to plan (README, "
            + "\"Resetting Kafka offsets\")");
      }
      long from = c;
      if (logStart > c) {
        lost.add(new LostRange(tp.partition(), c, logStart));
        from = logStart;
      }
      long to = Math.min(logEnd, from + cap);
      if (to > from) {
        ranges.add(new PartitionRange(topic, tp.partition(), from, to, topicId));
      }
      lag += logEnd - Math.max(to, from);
      lagByPartition.put(tp.partition(), logEnd - from);
    }
    if (!lost.isEmpty()) {
      if (!acceptDataLoss) throw new DataLossException(topic, lost);
      LOG.error("DATA LOSS (allowed by setting): Kafka retention deleted {} of {} before bronze read them; "
          + "starting at the log start", lost, topic);
    }
    return new OffsetPlan(topic, ranges, lag, lost.stream().mapToLong(LostRange::size).sum(), lost, topicId,
        lagByPartition);
  }
}
