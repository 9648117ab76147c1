package dev.poslake.activities.etl.bronze;

import java.util.List;
import java.util.Map;

/**
 * What one ETL run ingests: non-empty ranges only.
 *
 * @param totalLag    records left beyond the per-partition cap (picked up by the next run)
 * @param lostOffsets offsets that Kafka retention deleted before bronze read them (committed end &lt; log
 *                    start), skipped because the run allows it (else the plan fails with
 *                    {@link DataLossException}): the ranges start at the log start instead
 * @param lost        those offsets per partition
 * @param topicId     the Kafka topic's id when planned (null: not known, an older plan)
 * @param lagByPartition records not yet in bronze per partition, every partition of the topic (0 when caught up)
 */
public record OffsetPlan(String topic, List<PartitionRange> ranges, long totalLag, long lostOffsets,
    List<LostRange> lost, String topicId, Map<Integer, Long> lagByPartition) {
  public OffsetPlan {
    ranges = List.copyOf(ranges);
    lost = lost == null ? List.of() : List.copyOf(lost);
    lagByPartition = lagByPartition == null ? Map.of() : Map.copyOf(lagByPartition);
  }

  public OffsetPlan(String topic, List<PartitionRange> ranges, long totalLag) {
    this(topic, ranges, totalLag, 0, List.of(), null, Map.of());
  }
}
