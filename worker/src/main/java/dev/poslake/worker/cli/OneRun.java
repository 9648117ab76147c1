package dev.poslake.worker.cli;

import dev.poslake.workflows.schedule.TriggerResult;
import dev.poslake.worker.Schedules;
import io.temporal.client.WorkflowClient;
import java.util.function.Supplier;

/**
 * One run of a scheduled workflow from the command line. With `pos up` running, its schedule owns the run
 * (a concurrent second run is what the schedule prevents): trigger it and wait for the result. Otherwise run
 * the workflow directly.
 */
final class OneRun {
  private OneRun() {}

  /**
   * @param scheduleOnlyConflict non-null: an option that only works without a running schedule (its error)
   */
  static <T> T runOrTrigger(WorkflowClient client, String scheduleId, String note, Class<T> resultType,
      String scheduleOnlyConflict, Supplier<T> direct) {
    if (Schedules.describe(client, scheduleId).isEmpty()) {
      return direct.get();
    }
    if (scheduleOnlyConflict != null) throw new UserError(scheduleOnlyConflict);
    TriggerResult t = Schedules.stub(client, scheduleId).trigger(note);
    if (!t.started()) throw new UserError(scheduleId + " run not started: " + t.message());
    return client.newUntypedWorkflowStub(t.workflowId()).getResult(resultType);
  }
}
