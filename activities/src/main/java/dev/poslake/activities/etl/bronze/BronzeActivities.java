package dev.poslake.activities.etl.bronze;

import io.temporal.activity.ActivityInterface;

/**
 * Bronze step: Kafka offset ranges → {@code raw_inventory_change}, exactly once. Activity types:
 * BronzePlan, BronzeIngest. Both heartbeat-free except ingest (heartbeats the offset it reached).
 */
@ActivityInterface(namePrefix = "Bronze")
public interface BronzeActivities {
  /** Non-retryable failure type: the table's committed offsets contradict the range (see message). */
  String OFFSET_CONFLICT = "BronzeOffsetConflict";
  /** Non-retryable failure type: Kafka retention deleted offsets bronze had not read ({@link DataLossException}). */
  String DATA_LOSS = "KafkaDataLoss";
  /** Non-retryable failure type: the topic was recreated under the same name ({@link TopicChangedException}). */
  String TOPIC_CHANGED = "KafkaTopicChanged";

  /**
   * Per partition [committed end, min(log end, committed end + cap)); committed ends come from the bronze
   * table's snapshot summaries, never from a consumer group. Offsets retention deleted before bronze read them
   * fail the plan ({@link #DATA_LOSS}) unless {@code acceptDataLoss} (then they are skipped and reported in the
   * plan); a recreated topic fails it ({@link #TOPIC_CHANGED}). The second argument was added in a later release:
   * a workflow of an older release passes none, read as false.
   */
  OffsetPlan plan(int maxOffsetsPerPartition, boolean acceptDataLoss);

  /** Reads exactly the range and commits its rows and new end offset in one Iceberg commit; idempotent. */
  BronzeResult ingest(PartitionRange range);
}
