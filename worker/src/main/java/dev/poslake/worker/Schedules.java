package dev.poslake.worker;

import dev.poslake.workflows.schedule.ScheduleSpec;
import dev.poslake.workflows.schedule.ScheduleState;
import dev.poslake.workflows.schedule.SchedulerWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.Optional;

/** Starts and finds the durable scheduler workflows (one per schedule, workflow id = schedule id). */
public final class Schedules {
  private Schedules() {}

  /** Starts the schedule unless it already runs (e.g. started by another process on the same stack). */
  public static boolean ensureRunning(WorkflowClient client, ScheduleSpec spec) {
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

  public static SchedulerWorkflow stub(WorkflowClient client, String scheduleId) {
    return client.newWorkflowStub(SchedulerWorkflow.class, scheduleId);
  }

  /** The schedule's state, or empty if no scheduler workflow runs under that id. */
  public static Optional<ScheduleState> describe(WorkflowClient client, String scheduleId) {
    try {
      return Optional.of(stub(client, scheduleId).describe());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (io.temporal.client.WorkflowQueryException e) {
      if (e.getCause() instanceof WorkflowNotFoundException) return Optional.empty();
      throw e;
    }
  }
}
