package dev.poslake.ops.runs;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** One row of {@code pipeline_runs} (see {@code PipelineRunsTable}): a run when {@code step} is null. */
public record RunRow(String runId, String workflowId, String kind, String step, Instant scheduledAt,
    Instant startedAt, Instant finishedAt, String status, Integer attempt, String error, String offsets,
    Long rowsIn, Long rowsOut, String rejects, Long goldFreshnessSeconds, String worker) {

  public static final List<String> COLUMNS = List.of("run_id", "workflow_id", "kind", "step", "scheduled_at",
      "started_at", "finished_at", "status", "attempt", "error", "offsets", "rows_in", "rows_out", "rejects",
      "gold_freshness_seconds", "worker", "millis");

  public boolean isRun() {
    return step == null;
  }

  public Long millis() {
    return startedAt == null || finishedAt == null ? null : finishedAt.toEpochMilli() - startedAt.toEpochMilli();
  }

  /** Values in {@link #COLUMNS} order. */
  public List<Object> values() {
    return Arrays.asList(runId, workflowId, kind, step, scheduledAt, startedAt, finishedAt, status, attempt, error,
        offsets, rowsIn, rowsOut, rejects, goldFreshnessSeconds, worker, millis());
  }
}
