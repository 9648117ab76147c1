package dev.poslake.ops.runs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One row of {@code pipeline_runs} (see {@code PipelineRunsTable}): a run when {@code step} is null. */
public record RunRow(String runId, String workflowId, String kind, String step, Instant scheduledAt,
    Instant startedAt, Instant finishedAt, String status, Integer attempt, String error, String offsets,
    Long rowsIn, Long rowsOut, String rejects, Long goldFreshnessSeconds, String worker, Long lostOffsets,
    String note) {

  public static final List<String> COLUMNS = List.of("run_id", "workflow_id", "kind", "step", "scheduled_at",
      "started_at", "finished_at", "status", "attempt", "error", "offsets", "rows_in", "rows_out", "rejects",
      "gold_freshness_seconds", "worker", "lost_offsets", "note", "millis");
  private static final ObjectMapper JSON = new ObjectMapper();

  public boolean isRun() {
    return step == null;
  }

  /** A run or an operator's action that skipped Kafka offsets retention had deleted. */
  public boolean lostData() {
    return lostOffsets != null && lostOffsets > 0;
  }

  public Long millis() {
    return startedAt == null || finishedAt == null ? null : finishedAt.toEpochMilli() - startedAt.toEpochMilli();
  }

  /** {@link #rejects()} parsed: reason -> count; null if none or unreadable. */
  public Map<String, Long> rejectsByReason() {
    if (rejects == null || rejects.isBlank()) return null;
    try {
      return JSON.readValue(rejects, new TypeReference<Map<String, Long>>() {});
    } catch (Exception e) {
      return null;
    }
  }

  /** Values in {@link #COLUMNS} order. */
  public List<Object> values() {
    return Arrays.asList(runId, workflowId, kind, step, scheduledAt, startedAt, finishedAt, status, attempt, error,
        offsets, rowsIn, rowsOut, rejects, goldFreshnessSeconds, worker, lostOffsets, note, millis());
  }
}
