package dev.poslake.ops.web;

import dev.poslake.workflows.schedule.ScheduleState;
import dev.poslake.workflows.schedule.SchedulerWorkflow;
import dev.poslake.workflows.schedule.TriggerResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import java.util.List;
import java.util.Optional;

/** {@link ScheduleControl} over the durable scheduler workflows (workflow id = schedule id). */
public final class SchedulerWorkflowControl implements ScheduleControl {
  private final WorkflowClient client;
  private final List<String> ids;

  public SchedulerWorkflowControl(WorkflowClient client, List<String> ids) {
    this.client = client;
    this.ids = List.copyOf(ids);
  }

  @Override
  public List<String> ids() {
    return ids;
  }

  @Override
  public Optional<ScheduleState> describe(String scheduleId) {
    try {
      return Optional.of(stub(scheduleId).describe());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (WorkflowQueryException e) {
      if (e.getCause() instanceof WorkflowNotFoundException) return Optional.empty();
      throw e;
    }
  }

  @Override
  public ScheduleState pause(String scheduleId, String note) {
    return stub(scheduleId).pause(note);
  }

  @Override
  public ScheduleState resume(String scheduleId, String note) {
    return stub(scheduleId).resume(note);
  }

  @Override
  public TriggerResult trigger(String scheduleId, String note) {
    return stub(scheduleId).trigger(note);
  }

  private SchedulerWorkflow stub(String scheduleId) {
    return client.newWorkflowStub(SchedulerWorkflow.class, scheduleId);
  }
}
