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

  /**
   * Per partition [committed end, min(log end, committed end + cap)); committed ends come from the bronze
   * table's snapshot summaries, never from a consumer group.
   */
  OffsetPlan plan(int maxOffsetsPerPartition);

  /** Reads exactly the range and commits its rows and new end offset in one Iceberg commit; idempotent. */
  BronzeResult ingest(PartitionRange range);
}
