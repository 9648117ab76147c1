package dev.poslake.activities.etl.bronze;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

  public OffsetPlan plan(int maxOffsetsPerPartition) {
    if (maxOffsetsPerPartition < 1) {
      throw new IllegalArgumentException("maxOffsetsPerPartition must be >= 1: " + maxOffsetsPerPartition);
    }
    String topic = resources.topic();
    Table table = resources.catalog().loadTable(resources.table(RawInventoryChangeTable.NAME));
    Map<Integer, Long> committed = BronzeOffsets.committed(table, topic);
    List<TopicPartition> tps = new ArrayList<>();
    Map<TopicPartition, Long> begin;
    Map<TopicPartition, Long> end;
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaReaders.create(resources.kafkaProperties())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist or has no partitions");
      }
      infos.stream().map(i -> new TopicPartition(topic, i.partition()))
          .sorted(Comparator.comparingInt(TopicPartition::partition)).forEach(tps::add);
      begin = consumer.beginningOffsets(tps, TIMEOUT);
      end = consumer.endOffsets(tps, TIMEOUT);
    }
    return plan(topic, committed, begin, end, maxOffsetsPerPartition);
  }

  /**
   * Records not yet in bronze for EVERY partition of the topic, 0 where bronze has caught up (uncapped; what
   * {@link #plan} leaves out because its range would be empty): for monitoring, where a partition left out
   * would keep showing its last lag.
   */
  public Map<Integer, Long> lagByPartition() {
    String topic = resources.topic();
    Map<Integer, Long> committed = BronzeOffsets.committed(
        resources.catalog().loadTable(resources.table(RawInventoryChangeTable.NAME)), topic);
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaReaders.create(resources.kafkaProperties())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist or has no partitions");
      }
      List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      return lagByPartition(committed, consumer.beginningOffsets(tps, TIMEOUT), consumer.endOffsets(tps, TIMEOUT));
    }
  }

  /** Per partition: log end minus where the next read starts (committed, or the log start if retention passed it). */
  static Map<Integer, Long> lagByPartition(Map<Integer, Long> committed, Map<TopicPartition, Long> begin,
      Map<TopicPartition, Long> end) {
    Map<Integer, Long> lag = new java.util.TreeMap<>();
    end.forEach((tp, logEnd) -> {
      long from = Math.max(committed.getOrDefault(tp.partition(), 0L), begin.getOrDefault(tp, 0L));
      lag.put(tp.partition(), Math.max(0, logEnd - from));
    });
    return lag;
  }

  /** The pure planning rule (package-visible for tests). */
  static OffsetPlan plan(String topic, Map<Integer, Long> committed, Map<TopicPartition, Long> begin,
      Map<TopicPartition, Long> end, int cap) {
    List<PartitionRange> ranges = new ArrayList<>();
    long lag = 0;
    long lost = 0;
    for (TopicPartition tp : end.keySet().stream().sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList()) {
      long c = committed.getOrDefault(tp.partition(), 0L);
      long logStart = begin.getOrDefault(tp, 0L);
      long logEnd = end.get(tp);
      if (c > logEnd) {
        // the log is shorter than what bronze already holds: topic recreated or truncated; reading on would
        // silently skip or re-number records
        throw new OffsetConflictException("bronze has committed " + tp + " up to offset " + c
            + " but the log ends at " + logEnd + ": was the topic recreated? Refusing to plan");
      }
      long from = c;
      if (logStart > c) {
        LOG.error("DATA LOSS: {} offsets [{}, {}) were deleted by Kafka retention before bronze read them; "
            + "starting at the log start {}", tp, c, logStart, logStart);
        lost += logStart - c;
        from = logStart;
      }
      long to = Math.min(logEnd, from + cap);
      if (to > from) {
        ranges.add(new PartitionRange(topic, tp.partition(), from, to));
      }
      lag += logEnd - Math.max(to, from);
    }
    return new OffsetPlan(topic, ranges, lag, lost);
  }
}
