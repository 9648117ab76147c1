package dev.poslake.workflows.schedule;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.ChildWorkflowStub;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** See {@link SchedulerWorkflow}. Deterministic: time comes from the workflow clock only. */
public class SchedulerWorkflowImpl implements SchedulerWorkflow {
  static final int KEEP_RUNS = 20;
  /** Bounds the history: after this many loop turns the schedule continues as new (when no run is going). */
  static final int TURNS_BEFORE_CONTINUE_AS_NEW = 200;
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  /** Version 1: a child that fails to start is recorded FAILED instead of failing the scheduler. */
  static final String SURVIVE_FAILED_START = "survive-failed-child-start";
  private static final Logger LOG = Workflow.getLogger(SchedulerWorkflowImpl.class);

  private ScheduleSpec spec;
  private boolean paused;
  private String note;
  private long nextRunAt;
  private long started;
  private long skipped;
  private final List<RunRecord> runs = new ArrayList<>();
  private Promise<Object> inFlight;
  private String inFlightId;
  private boolean changed;

  @Override
  public void run(ScheduleSpec spec, ScheduleState carried) {
    this.spec = spec;
    long now = Workflow.currentTimeMillis();
    if (carried == null) {
      paused = spec.startPaused();
      note = spec.note();
      nextRunAt = now; // a new schedule runs at once, then every interval
    } else {
      paused = carried.paused();
      note = carried.note();
      nextRunAt = carried.nextRunAt();
      started = carried.started();
      skipped = carried.skipped();
      runs.addAll(carried.recentRuns());
    }
    for (int turn = 0; ; turn++) {
      now = Workflow.currentTimeMillis();
      if (!paused && now >= nextRunAt) {
        if (inFlight != null) {
          record(new RunRecord(null, RunTrigger.SCHEDULED, nextRunAt, now, RunRecord.SKIPPED,
              "previous run " + inFlightId + " still running"));
          skipped++;
        } else {
          startRun(RunTrigger.SCHEDULED, null, nextRunAt);
        }
        nextRunAt = nextSlotAfter(now);
      }
      if (turn >= TURNS_BEFORE_CONTINUE_AS_NEW && inFlight == null && Workflow.isEveryHandlerFinished()) {
        Workflow.continueAsNew(spec, describe());
      }
      changed = false;
      if (paused) {
        Workflow.await(() -> changed);
      } else {
        Duration wait = Duration.ofMillis(Math.max(1, nextRunAt - Workflow.currentTimeMillis()));
        Workflow.await(wait, () -> changed);
      }
    }
  }

  /** The workflow id of a schedule's {@code sequence}-th run, started at {@code at} (epoch millis). */
  static String runId(String scheduleId, long at, long sequence) {
    return scheduleId + "-" + ID_TIME.format(Instant.ofEpochMilli(at)) + "-" + sequence;
  }

  /** Next start on the schedule's grid strictly after {@code now}: missed slots are skipped, not queued. */
  private long nextSlotAfter(long now) {
    long interval = spec.interval().toMillis();
    long behind = Math.max(0, now - nextRunAt);
    return nextRunAt + (behind / interval + 1) * interval;
  }

  private String startRun(String reason, String runNote, long scheduledAt) {
    long now = Workflow.currentTimeMillis();
    String id = runId(spec.scheduleId(), now, started + 1);
    ChildWorkflowOptions.Builder options = ChildWorkflowOptions.newBuilder()
        .setWorkflowId(id)
        .setTaskQueue(spec.taskQueue())
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
    // a stuck run is timed out, so it cannot keep every later slot skipped (an option, not a new command: no
    // version guard needed; specs from older histories have none)
    if (spec.runTimeout() != null) options.setWorkflowExecutionTimeout(spec.runTimeout());
    ChildWorkflowStub child = Workflow.newUntypedChildWorkflowStub(spec.workflowType(), options.build());
    Promise<Object> result = child.executeAsync(Object.class,
        new RunTrigger(spec.scheduleId(), reason, runNote, scheduledAt), spec.runOptions());
    started++;
    inFlight = result;
    inFlightId = id;
    record(new RunRecord(id, reason, scheduledAt, null, RunRecord.RUNNING, null));
    result.handle((value, failure) -> {
      long at = Workflow.currentTimeMillis();
      String status = failure == null ? RunRecord.COMPLETED : RunRecord.FAILED;
      String message = failure == null ? null : failureMessage(failure);
      replace(id, r -> r.finished(at, status, message));
      if (failure != null) {
        LOG.warn("{} run {} failed: {}", spec.scheduleId(), id, message);
      }
      inFlight = null;
      inFlightId = null;
      changed = true;
      return null;
    });
    // wait until the child really started, so a failure to start surfaces here
    try {
      WorkflowExecution execution = child.getExecution().get();
      LOG.info("{} started run {}", spec.scheduleId(), execution.getWorkflowId());
    } catch (ChildWorkflowFailure notStarted) {
      if (Workflow.getVersion(SURVIVE_FAILED_START, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
        throw notStarted; // how a scheduler started before this change ends: failed
      }
      // the result's handler above records it too (whichever runs first); the schedule goes on at its next slot
      long at = Workflow.currentTimeMillis();
      String message = failureMessage(notStarted);
      replace(id, r -> RunRecord.RUNNING.equals(r.status()) ? r.finished(at, RunRecord.FAILED, message) : r);
      if (id.equals(inFlightId)) {
        inFlight = null;
        inFlightId = null;
      }
    }
    return id;
  }

  private void record(RunRecord r) {
    runs.add(r);
    while (runs.size() > KEEP_RUNS) runs.remove(0);
  }

  private RunRecord find(String workflowId) {
    for (RunRecord r : runs) {
      if (workflowId.equals(r.workflowId())) return r;
    }
    return null;
  }

  private void replace(String workflowId, java.util.function.UnaryOperator<RunRecord> f) {
    for (int i = 0; i < runs.size(); i++) {
      if (workflowId.equals(runs.get(i).workflowId())) {
        runs.set(i, f.apply(runs.get(i)));
      }
    }
  }

  private String failureMessage(Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof TimeoutFailure) return "timed out after " + spec.runTimeout();
      // the only reason a start fails: a workflow with that id is running
      if (c instanceof WorkflowExecutionAlreadyStarted) return "could not start: " + rootMessage(failure);
      if (c.getCause() == c) break;
    }
    return rootMessage(failure);
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) c = c.getCause();
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  @Override
  public ScheduleState pause(String pauseNote) {
    paused = true;
    note = pauseNote;
    changed = true;
    return describe();
  }

  @Override
  public ScheduleState resume(String resumeNote) {
    if (paused) {
      paused = false;
      note = resumeNote;
      long now = Workflow.currentTimeMillis();
      if (nextRunAt <= now) nextRunAt = nextSlotAfter(now); // slots missed while paused are not made up
      changed = true;
    }
    return describe();
  }

  @Override
  public TriggerResult trigger(String triggerNote) {
    if (inFlight != null) {
      long now = Workflow.currentTimeMillis();
      record(new RunRecord(null, RunTrigger.TRIGGERED, now, now, RunRecord.SKIPPED,
          "previous run " + inFlightId + " still running"));
      skipped++;
      return new TriggerResult(false, inFlightId, "skipped: run " + inFlightId + " is still running");
    }
    String id = startRun(RunTrigger.TRIGGERED, triggerNote, Workflow.currentTimeMillis());
    changed = true;
    RunRecord run = find(id);
    if (run != null && RunRecord.FAILED.equals(run.status()) && run.message() != null
        && run.message().startsWith("could not start")) {
      return new TriggerResult(false, id, run.message());
    }
    return new TriggerResult(true, id, "started " + id);
  }

  @Override
  public ScheduleState describe() {
    return new ScheduleState(spec, paused, note, nextRunAt, started, skipped, runs);
  }
}
