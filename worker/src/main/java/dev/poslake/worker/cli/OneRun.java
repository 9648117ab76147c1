package dev.poslake.worker.cli;

import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.TriggerOutcome;
import io.temporal.client.WorkflowClient;
import java.util.function.Supplier;

/**
 * One run of a scheduled workflow from the command line. With `pos up` running, its schedule owns the run
 * (a concurrent second run is what the schedule prevents): trigger it through whichever schedule back-end
 * runs it and wait for the started workflow's result. Otherwise run the workflow directly.
 */
final class OneRun {
  private OneRun() {}

  /**
   * @param kind generator or etl
   * @param scheduleOnlyConflict non-null: an option that only works without a running schedule (its error)
   */
  static <T> T runOrTrigger(PipelineScheduler scheduler, WorkflowClient client, String kind, String note,
      Class<T> resultType, String scheduleOnlyConflict, Supplier<T> direct) {
    if (scheduler.describe(kind).isEmpty()) {
      return direct.get();
    }
    String scheduleId = ScheduleKinds.scheduleId(kind);
    if (scheduleOnlyConflict != null) throw new UserError(scheduleOnlyConflict);
    TriggerOutcome t = scheduler.trigger(kind, note);
    if (!t.started()) throw new UserError(scheduleId + " run not started: " + t.message());
    if (t.workflowId() == null) {
      // never guess: another run of the schedule may be the one we would wait for
      throw new UserError(scheduleId + " was triggered, but the " + scheduler.backend() + " back-end did not "
          + "report which workflow it started, so its result cannot be shown here (" + t.message()
          + "); see `pos ops runs --kind " + kind + "`");
    }
    return client.newUntypedWorkflowStub(t.workflowId()).getResult(resultType);
  }
}
