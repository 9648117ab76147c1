package dev.poslake.workflows.schedule;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A durable interval schedule for servers without Temporal Schedules (the embedded test server): a timer loop
 * that starts one child run per interval, skips a start while the previous run is still going (never queues),
 * and can be paused, resumed and triggered. Its workflow id is the schedule id.
 */
@WorkflowInterface
public interface SchedulerWorkflow {

  /**
   * @param carried state from a previous run (continue-as-new) or restored from the saved state after a server
   *     restart, or null for a new schedule
   */
  @WorkflowMethod
  void run(ScheduleSpec spec, ScheduleState carried);

  /**
   * Pauses the schedule and saves that (with {@code note} and {@code by}) where a restart finds it.
   *
   * @param by who, e.g. {@code alice@laptop}; null in updates recorded before it existed
   */
  @UpdateMethod
  ScheduleState pause(String note, String by);

  /** Resumes the schedule and saves that, like {@link #pause}. */
  @UpdateMethod
  ScheduleState resume(String note, String by);

  /** Starts a run now unless one is in flight (then reports it skipped). */
  @UpdateMethod
  TriggerResult trigger(String note);

  @QueryMethod
  ScheduleState describe();
}
