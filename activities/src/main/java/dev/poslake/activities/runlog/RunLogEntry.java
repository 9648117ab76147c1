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
 */
public record RunLogEntry(String runId, String workflowId, String kind, String step, Long scheduledAt,
    Long startedAt, Long finishedAt, String status, Integer attempt, String error,
    Map<String, long[]> offsets, Long rowsIn, Long rowsOut, Map<String, Long> rejects) {

  public static final String GENERATOR = "generator";
  public static final String ETL = "etl";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  public RunLogEntry withCounts(Long in, Long out) {
    return new RunLogEntry(runId, workflowId, kind, step, scheduledAt, startedAt, finishedAt, status, attempt,
        error, offsets, in, out, rejects);
  }

  public RunLogEntry withOffsets(Map<String, long[]> o) {
    return new RunLogEntry(runId, workflowId, kind, step, scheduledAt, startedAt, finishedAt, status, attempt,
        error, o, rowsIn, rowsOut, rejects);
  }

  public RunLogEntry withRejects(Map<String, Long> r) {
    return new RunLogEntry(runId, workflowId, kind, step, scheduledAt, startedAt, finishedAt, status, attempt,
        error, offsets, rowsIn, rowsOut, r);
  }

  @JsonIgnore
  public boolean isRun() {
    return step == null;
  }
}
