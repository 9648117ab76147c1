package dev.poslake.ops.schedules;

import dev.poslake.activities.schedule.ScheduleStateRecord;
import dev.poslake.activities.schedule.ScheduleStateStore;
import dev.poslake.workflows.schedule.ScheduleSpec;
import dev.poslake.workflows.schedule.ScheduleState;
import dev.poslake.workflows.schedule.SchedulerWorkflow;
import dev.poslake.workflows.schedule.TriggerResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Schedules as durable {@link SchedulerWorkflow}s (workflow id = schedule id), for servers without Temporal
 * Schedules. The test server keeps no state across restarts, so {@link #ensure} starts them when missing, with
 * the pause state the workflow saved on every pause and resume ({@link ScheduleStateStore}): a schedule paused
 * before a restart or a crash is paused again, with its note, who and when, before it can start anything. A
 * running one (started by another process on the same stack) is left as it is, paused or not.
 */
public final class DurableSchedulerBackend implements PipelineScheduler {
  public static final String NAME = "durable-workflow";
  private final WorkflowClient client;
  private final ScheduleStateStore savedStates;

  public DurableSchedulerBackend(WorkflowClient client, ScheduleStateStore savedStates) {
    this.client = client;
    this.savedStates = savedStates;
  }

  @Override
  public String backend() {
    return NAME;
  }

  @Override
  public List<String> ensure(List<ScheduleSpec> specs) {
    List<String> lines = new ArrayList<>();
    for (ScheduleSpec spec : specs) {
      Optional<ScheduleStateRecord> saved = savedStates.load(spec.scheduleId());
      boolean started = ensureRunning(spec, saved.orElse(null));
      lines.add("schedule " + spec.scheduleId() + " every " + spec.interval() + " (" + NAME
          + (!started ? ", already running)" : saved.map(DurableSchedulerBackend::restoredLine).orElse(", started)")));
    }
    return lines;
  }

  private static String restoredLine(ScheduleStateRecord s) {
    return ", started with its saved state: " + (s.paused() ? "PAUSED" : "active") + " since "
        + Instant.ofEpochMilli(s.atMillis()) + (s.by() == null ? "" : " by " + s.by())
        + (s.note() == null || s.note().isBlank() ? "" : ", note: " + s.note()) + ")";
  }

  /**
   * Starts the schedule's workflow unless it already runs; true if this call started it. A saved state wins over
   * the spec's {@code startPaused} (that applies to a schedule nobody paused or resumed yet).
   */
  public boolean ensureRunning(ScheduleSpec spec, ScheduleStateRecord saved) {
    SchedulerWorkflow stub = client.newWorkflowStub(SchedulerWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(spec.scheduleId())
        .setTaskQueue(spec.taskQueue())
        .build());
    ScheduleState carried = saved == null ? null : ScheduleState.restored(spec, saved.paused(), saved.note(),
        saved.by(), saved.atMillis(), saved.revision());
    try {
      WorkflowClient.start(stub::run, spec, carried);
      return true;
    } catch (WorkflowExecutionAlreadyStarted running) {
      return false;
    }
  }

  private SchedulerWorkflow stub(String kind) {
    return client.newWorkflowStub(SchedulerWorkflow.class, ScheduleKinds.scheduleId(kind));
  }

  @Override
  public ScheduleView pause(String kind, String note, String by) {
    return view(kind, call(kind, () -> stub(kind).pause(note, by)));
  }

  @Override
  public ScheduleView resume(String kind, String note, String by) {
    return view(kind, call(kind, () -> stub(kind).resume(note, by)));
  }

  @Override
  public TriggerOutcome trigger(String kind, String note) {
    TriggerResult r = call(kind, () -> stub(kind).trigger(note));
    return new TriggerOutcome(ScheduleKinds.normalize(kind), r.started(), r.workflowId(), r.message());
  }

  @Override
  public Optional<ScheduleView> describe(String kind) {
    try {
      return Optional.of(view(kind, stub(kind).describe()));
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (WorkflowQueryException e) {
      if (e.getCause() instanceof WorkflowNotFoundException) return Optional.empty();
      throw e;
    }
  }

  private <T> T call(String kind, java.util.function.Supplier<T> update) {
    try {
      return update.get();
    } catch (WorkflowNotFoundException | WorkflowUpdateException | WorkflowServiceException e) {
      if (e instanceof WorkflowNotFoundException || e.getCause() instanceof WorkflowNotFoundException
          || (e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("NOT_FOUND"))) {
        throw new ScheduleNotFoundException(ScheduleKinds.scheduleId(kind));
      }
      throw e;
    }
  }

  static ScheduleView view(String kind, ScheduleState s) {
    return new ScheduleView(ScheduleKinds.normalize(kind), s.spec().scheduleId(), NAME, s.spec().interval(),
        s.paused(), s.note(), s.paused() ? null : Instant.ofEpochMilli(s.nextRunAt()), s.recentRuns(), s.started(),
        s.skipped(), s.changedBy(), s.changedAt() == null ? null : Instant.ofEpochMilli(s.changedAt()));
  }
}
