package dev.poslake.workflows.schedule;

import dev.poslake.activities.schedule.ScheduleStateActivities;
import dev.poslake.activities.schedule.ScheduleStateRecord;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.ChildWorkflowStub;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowLock;
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
  /**
   * Version 1: pause and resume (and a creation paused) save the pause state through an activity, so that
   * {@code DurableSchedulerBackend#ensure} can restore it after a restart of a server that keeps no state.
   */
  static final String DURABLE_STATE = "durable-schedule-state";
  private static final Logger LOG = Workflow.getLogger(SchedulerWorkflowImpl.class);

  private final ScheduleStateActivities stateStore = Workflow.newActivityStub(ScheduleStateActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          // a pause or resume waits for this: it fails within a minute rather than hanging the caller
          .setScheduleToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1))
              .setMaximumInterval(Duration.ofSeconds(10)).build())
          .build());
  /** Saves run one at a time, each with the state current when it begins: the last save is the newest state. */
  private final WorkflowLock saving = Workflow.newWorkflowLock();

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
  private String changedBy;
  private Long changedAt;
  private long stateRevision;

  /**
   * The state, before any handler runs: a query or an update that reaches the workflow in its first task can run
   * before {@link #run} (found as a describe without a spec, right after a restart restored a schedule).
   */
  @WorkflowInit
  public SchedulerWorkflowImpl(ScheduleSpec spec, ScheduleState carried) {
    this.spec = spec;
    long now = Workflow.currentTimeMillis();
    if (carried == null) {
      paused = spec.startPaused();
      note = spec.note();
      nextRunAt = now; // a new schedule runs at once, then every interval
      if (paused) changedAt = now;
    } else {
      paused = carried.paused();
      note = carried.note();
      // 0: restored after a restart (ScheduleState.restored): at once, and the grid starts now, like a new one
      nextRunAt = carried.nextRunAt() > 0 ? carried.nextRunAt() : now;
      started = carried.started();
      skipped = carried.skipped();
      runs.addAll(carried.recentRuns());
      changedBy = carried.changedBy();
      changedAt = carried.changedAt();
      stateRevision = carried.stateRevision();
    }
  }

  @Override
  public void run(ScheduleSpec spec, ScheduleState carried) {
    if (carried == null && paused) saveCreatedPaused();
    for (int turn = 0; ; turn++) {
      long now = Workflow.currentTimeMillis();
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
  public ScheduleState pause(String pauseNote, String by) {
    paused = true; // in effect at once: the loop checks it before every start
    note = pauseNote;
    changedBy = by;
    changedAt = Workflow.currentTimeMillis();
    try {
      saveForUpdate("paused");
    } finally {
      changed = true;
    }
    return describe();
  }

  @Override
  public ScheduleState resume(String resumeNote, String by) {
    if (paused) {
      paused = false;
      note = resumeNote;
      changedBy = by;
      long now = Workflow.currentTimeMillis();
      changedAt = now;
      if (nextRunAt <= now) nextRunAt = nextSlotAfter(now); // slots missed while paused are not made up
      try {
        saveForUpdate("resumed");
      } finally {
        changed = true; // also when the save failed: the resume holds, the loop must see it
      }
    }
    return describe();
  }

  /**
   * Saves the pause state before the update answers, so that an acknowledged pause survives a crash. The change
   * is already in effect here; if it cannot be saved the update fails and says so. Callers wake the loop
   * ({@code changed}) only after it: the version check may yield, and the loop must not add its timer before
   * the update completes, as it did not in histories from before the save existed.
   */
  private void saveForUpdate(String what) {
    try {
      saveState();
    } catch (ActivityFailure e) {
      throw ApplicationFailure.newNonRetryableFailure(what + ", but the state could not be saved (a restart of "
          + "the embedded Temporal server would lose it): " + rootMessage(e), "ScheduleStateNotSaved");
    }
  }

  private void saveCreatedPaused() {
    try {
      saveState();
    } catch (ActivityFailure e) {
      LOG.warn("{} created paused, but that could not be saved: {}", spec.scheduleId(), rootMessage(e));
    }
  }

  /** Version {@link #DURABLE_STATE} 1 saves; histories from before it have no such activity and replay as they were. */
  private void saveState() {
    if (Workflow.getVersion(DURABLE_STATE, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) return;
    saving.lock();
    try {
      stateRevision++;
      stateStore.save(new ScheduleStateRecord(spec.scheduleId(), paused, note, changedBy,
          changedAt == null ? Workflow.currentTimeMillis() : changedAt, stateRevision));
    } finally {
      saving.unlock();
    }
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
    return new ScheduleState(spec, paused, note, nextRunAt, started, skipped, runs, changedBy, changedAt,
        stateRevision);
  }
}
