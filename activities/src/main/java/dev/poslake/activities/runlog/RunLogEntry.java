package dev.poslake.activities.runlog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * One row of {@code pipeline_runs}: a whole run ({@code step == null}) or one step of it. Times are epoch
 * millis (null: unknown). Small and JSON-serializable: it is an activity argument.
 *
 * @param offsets Kafka offsets read, partition -> [from, to) (ETL plan/bronze steps and runs), or null
 * @param rejects rejected rows by reason, or null
 * @param attempt the workflow attempt for run rows; activity attempts are in the Temporal history
 * @param lostOffsets Kafka offsets retention deleted before bronze read them, skipped with consent (else null)
 * @param note ops rows: who did it and why (else null)
 */
public record RunLogEntry(String runId, String workflowId, String kind, String step, Long scheduledAt,
    Long startedAt, Long finishedAt, String status, Integer attempt, String error,
    Map<String, long[]> offsets, Long rowsIn, Long rowsOut, Map<String, Long> rejects, Long lostOffsets,
    String note) {

  public static final String GENERATOR = "generator";
  public static final String ETL = "etl";
  /** An operator's action on the pipeline's state (e.g. acknowledge-loss, reset-offsets). */
  public static final String OPS = "ops";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  public RunLogEntry withCounts(Long in, Long out) {
    return new RunLogEntry(runId, workflowId, kind, step, scheduledAt, startedAt, finishedAt, status, attempt,
        error, offsets, in, out, rejects, lostOffsets, note);
  }

  public RunLogEntry withOffsets(Map<String, long[]> o) {
    return new RunLogEntry(runId, workflowId, kind, step, scheduledAt, startedAt, finishedAt, status, attempt,
        error, o, rowsIn, rowsOut, rejects, lostOffsets, note);
  }

  public RunLogEntry withRejects(Map<String, Long> r) {
    return new RunLogEntry(runId, workflowId, kind, step, scheduledAt, startedAt, finishedAt, status, attempt,
        error, offsets, rowsIn, rowsOut, r, lostOffsets, note);
  }

  public RunLogEntry withLostOffsets(Long lost) {
    return new RunLogEntry(runId, workflowId, kind, step, scheduledAt, startedAt, finishedAt, status, attempt,
        error, offsets, rowsIn, rowsOut, rejects, lost, note);
  }

  public RunLogEntry withNote(String n) {
    return new RunLogEntry(runId, workflowId, kind, step, scheduledAt, startedAt, finishedAt, status, attempt,
        error, offsets, rowsIn, rowsOut, rejects, lostOffsets, n);
  }

  @JsonIgnore
  public boolean isRun() {
    return step == null;
  }
}
