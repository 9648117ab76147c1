package dev.poslake.worker.cli;

import dev.poslake.config.PosSettings;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.TriggerOutcome;
import dev.poslake.worker.PosRuntime;
import java.util.function.Function;

/**
 * One run of a scheduled workflow from the command line. With `pos up` running, its schedule owns the run
 * (a concurrent second run is what the schedule prevents): trigger it through whichever schedule back-end
 * runs it and wait for the started workflow's result, with no worker here. Otherwise run the workflow directly
 * on a worker of this process polling a task queue of its own, so that no other process's worker runs it and
 * this one runs nobody else's work.
 */
final class OneRun {
  private OneRun() {}

  /**
   * The task queue for a workflow a command starts that is not a schedule's run (rebuild, reprocess): with `pos up`
   * running (its ETL schedule exists), up's queue, whose worker registers the workflow; else a worker of this
   * process on a queue of its own.
   */
  static String upOrPrivateQueue(PosRuntime runtime, String purpose) {
    return runtime.scheduler().describe(ScheduleKinds.ETL).isPresent()
        ? runtime.config().get(PosSettings.TEMPORAL_TASK_QUEUE) : runtime.startPrivateWorker(purpose);
  }

  /**
   * @param kind generator or etl
   * @param scheduleOnlyConflict non-null: an option that only works without a running schedule (its error)
   * @param direct runs the workflow on the task queue it is given and returns its result
   */
  static <T> T runOrTrigger(PosRuntime runtime, String kind, String note, Class<T> resultType,
      String scheduleOnlyConflict, Function<String, T> direct) {
    PipelineScheduler scheduler = runtime.scheduler();
    if (scheduler.describe(kind).isEmpty()) {
      return direct.apply(runtime.startPrivateWorker(kind));
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
    return runtime.temporal().client().newUntypedWorkflowStub(t.workflowId()).getResult(resultType);
  }
}
