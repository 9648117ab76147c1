package dev.poslake.workflows.etl;

import dev.poslake.activities.etl.bronze.BronzeResult;
import dev.poslake.activities.etl.gold.GoldResult;
import dev.poslake.activities.etl.silver.SilverResult;
import dev.poslake.activities.etl.snapshot.SnapshotIngestResult;
import java.util.List;
import java.util.Map;

/**
 * What one ETL run did: offsets per partition, rows per table, rejects by reason, duration per step.
 *
 * @param remainingLag Kafka records beyond this run's cap, left for the next run
 * @param stepMillis wall time of each step, in execution order (the fanned-out snapshot step adds
 *     {@code snapshots.ingest} and {@code snapshots.latest}, its two parts)
 * @param stepCpuMillis CPU time of the activity threads, summed, for the steps that measure it (benchmarks on a
 *     shared machine); empty in the summaries of older releases
 */
public record EtlRunSummary(String workflowId, List<BronzeResult> bronze, long remainingLag, SilverResult silver,
    SnapshotIngestResult snapshots, GoldResult gold, Map<String, Long> stepMillis, long totalMillis,
    Map<String, Long> stepCpuMillis) {
  public EtlRunSummary {
    stepCpuMillis = stepCpuMillis == null ? Map.of() : stepCpuMillis;
  }
}
