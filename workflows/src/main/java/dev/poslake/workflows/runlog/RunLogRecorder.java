package dev.poslake.workflows.runlog;

import dev.poslake.activities.runlog.RunLogActivities;
import dev.poslake.activities.runlog.RunLogEntry;
import dev.poslake.workflows.schedule.RunTrigger;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Workflow-side helper that writes the run log: one {@code pipeline_runs} row at the end of each step and one
 * for the run, for failed steps and runs too (the failure is recorded, then rethrown). A run log that cannot
 * be written is logged and never fails the pipeline run.
 */
public final class RunLogRecorder {
  private static final Logger LOG = Workflow.getLogger(RunLogRecorder.class);
  static final RetryOptions RETRY = RetryOptions.newBuilder()
      .setInitialInterval(Duration.ofMillis(500)).setBackoffCoefficient(2).setMaximumAttempts(4).build();

  private final RunLogActivities log = Workflow.newActivityStub(RunLogActivities.class,
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(2)).setRetryOptions(RETRY).build());
  private final String kind;
  private final String workflowId;
  private final String runId;
  private final Long scheduledAt;
  private final long runStartedAt;
  private final int attempt;
  private boolean failureRecorded;

  public RunLogRecorder(String kind, RunTrigger trigger) {
    WorkflowInfo info = Workflow.getInfo();
    this.kind = kind;
    this.workflowId = info.getWorkflowId();
    this.runId = info.getRunId();
    this.runStartedAt = Workflow.currentTimeMillis();
    this.scheduledAt = trigger != null && trigger.scheduledAt() != null ? trigger.scheduledAt() : runStartedAt;
    this.attempt = info.getAttempt();
  }

  /** Runs one step; records it with the counts {@code describe} adds, or as failed (then rethrows). */
  public <T> T step(String step, Supplier<T> body, BiFunction<RunLogEntry, T, RunLogEntry> describe) {
    long t = Workflow.currentTimeMillis();
    T result;
    try {
      result = body.get();
    } catch (RuntimeException e) {
      write(entry(step, t, RunLogEntry.FAILED, message(e)));
      failureRecorded = true;
      throw e;
    }
    RunLogEntry e = entry(step, t, RunLogEntry.SUCCEEDED, null);
    write(describe == null ? e : describe.apply(e, result));
    return result;
  }

  /** The run row of a successful run, with the counts {@code describe} adds. */
  public RunLogEntry runEntry(String status, String error) {
    return entry(null, runStartedAt, status, error);
  }

  public void runSucceeded(RunLogEntry runRow) {
    write(runRow);
  }

  /** The run row of a failed run (and, if no step row recorded the failure, nothing else). */
  public void runFailed(RuntimeException e) {
    write(runEntry(RunLogEntry.FAILED, message(e)));
  }

  private RunLogEntry entry(String step, long startedAt, String status, String error) {
    return new RunLogEntry(runId, workflowId, kind, step, scheduledAt, startedAt, Workflow.currentTimeMillis(),
        status, step == null ? attempt : null, error, null, null, null, null);
  }

  private void write(RunLogEntry e) {
    try {
      log.record(List.of(e));
    } catch (ActivityFailure f) {
      LOG.warn("run log row for {} {} not written: {}", workflowId, e.step(), message(f));
    }
  }

  /** The innermost message: the application error under ActivityFailure wrappers. */
  public static String message(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) c = c.getCause();
    String m = c instanceof TemporalFailure tf ? tf.getOriginalMessage() : c.getMessage();
    if (m == null || m.isEmpty()) m = c.getClass().getSimpleName();
    return m.length() > 2000 ? m.substring(0, 2000) + "..." : m;
  }

  public boolean failureRecorded() {
    return failureRecorded;
  }
}
