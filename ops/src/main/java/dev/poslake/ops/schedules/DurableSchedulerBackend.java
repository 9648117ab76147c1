package dev.poslake.ops.schedules;

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
 * Schedules. The test server keeps no state across restarts, so {@link #ensure} starts them when missing; a
 * running one (started by another process on the same stack) is left as it is, paused or not.
 */
public final class DurableSchedulerBackend implements PipelineScheduler {
  public static final String NAME = "durable-workflow";
  private final WorkflowClient client;

  public DurableSchedulerBackend(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public String backend() {
    return NAME;
  }

  @Override
  public List<String> ensure(List<ScheduleSpec> specs) {
    List<String> lines = new ArrayList<>();
    for (ScheduleSpec spec : specs) {
      boolean started = ensureRunning(spec);
      lines.add("schedule " + spec.scheduleId() + " every " + spec.interval() + " (" + NAME
          + (started ? ", started)" : ", already running)"));
    }
    return lines;
  }

  /** Starts the schedule's workflow unless it already runs; true if this call started it. */
  public boolean ensureRunning(ScheduleSpec spec) {
    SchedulerWorkflow stub = client.newWorkflowStub(SchedulerWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(spec.scheduleId())
        .setTaskQueue(spec.taskQueue())
        .build());
    try {
      WorkflowClient.start(stub::run, spec, null);
      return true;
    } catch (WorkflowExecutionAlreadyStarted running) {
      return false;
    }
  }

  private SchedulerWorkflow stub(String kind) {
    return client.newWorkflowStub(SchedulerWorkflow.class, ScheduleKinds.scheduleId(kind));
  }

  @Override
  public ScheduleView pause(String kind, String note) {
    return view(kind, call(kind, () -> stub(kind).pause(note)));
  }

  @Override
  public ScheduleView resume(String kind, String note) {
    return view(kind, call(kind, () -> stub(kind).resume(note)));
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
        s.skipped());
  }
}
