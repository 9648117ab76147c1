package dev.poslake.workflows.runlog;

import dev.poslake.activities.runlog.RunLogActivities;
import dev.poslake.activities.runlog.RunLogEntry;
import dev.poslake.workflows.schedule.RunTrigger;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Workflow-side helper that writes the run log: one {@code pipeline_runs} row at the end of each step
 * (asynchronously, so the next step does not wait for the commit) and one for the run, which waits for them.
 * A failed step is written together with its failed run's row, then the failure is rethrown. A run log that
 * cannot be written is logged and never fails the pipeline run.
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
  private final List<Promise<Void>> pending = new ArrayList<>();
  /** Steps that failed, in the order they did: steps run side by side, and more than one can fail in a run. */
  private final List<RunLogEntry> failedSteps = new ArrayList<>();

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
      // written with the run's row, in one commit (see runFailed)
      failedSteps.add(entry(step, t, RunLogEntry.FAILED, message(e)));
      throw e;
    }
    RunLogEntry e = entry(step, t, RunLogEntry.SUCCEEDED, null);
    RunLogEntry row = describe == null ? e : describe.apply(e, result);
    // off the run's critical path: the next step starts while the row is being committed
    pending.add(Async.procedure(log::record, List.of(row)));
    return result;
  }

  /** The run row of a successful run, with the counts {@code describe} adds. */
  public RunLogEntry runEntry(String status, String error) {
    return entry(null, runStartedAt, status, error);
  }

  /** Writes the run's row and waits for the step rows still being written. */
  public void runSucceeded(RunLogEntry runRow) {
    write(List.of(runRow));
    awaitPending();
  }

  /** Writes the failed steps' rows (if any step failed) and the failed run's row, then waits for the others. */
  public void runFailed(RuntimeException e) {
    List<RunLogEntry> rows = new ArrayList<>(failedSteps);
    rows.add(runEntry(RunLogEntry.FAILED, message(e)));
    write(rows);
    awaitPending();
  }

  /**
   * Takes the rows off the list one by one: while this waits, a step still running beside a failed one can finish
   * and add its row (iterating the list then threw ConcurrentModificationException, which is no Temporal failure,
   * so the failed run retried its workflow task forever instead of ending).
   */
  private void awaitPending() {
    while (!pending.isEmpty()) {
      try {
        pending.remove(0).get();
      } catch (TemporalFailure f) {
        LOG.warn("run log rows of {} not written: {}", workflowId, message(f));
      }
    }
  }

  private RunLogEntry entry(String step, long startedAt, String status, String error) {
    return new RunLogEntry(runId, workflowId, kind, step, scheduledAt, startedAt, Workflow.currentTimeMillis(),
        status, step == null ? attempt : null, error, null, null, null, null, null, null);
  }

  private void write(List<RunLogEntry> rows) {
    try {
      // detached: a cancelled run still records that it ended
      Workflow.newDetachedCancellationScope(() -> log.record(rows)).run();
    } catch (TemporalFailure f) {
      LOG.warn("run log rows of {} not written: {}", workflowId, message(f));
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
}
