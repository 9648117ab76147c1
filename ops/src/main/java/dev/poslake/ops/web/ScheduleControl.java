package dev.poslake.ops.web;

import dev.poslake.workflows.schedule.ScheduleState;
import dev.poslake.workflows.schedule.TriggerResult;
import java.util.List;
import java.util.Optional;

/**
 * What the ops page does with schedules, independent of the back-end (the durable scheduler workflow on the
 * embedded test server, native Temporal Schedules on a real cluster).
 */
public interface ScheduleControl {

  /** The schedule ids shown on the page, in display order. */
  List<String> ids();

  /** The schedule's state, or empty if it does not exist (yet). */
  Optional<ScheduleState> describe(String scheduleId);

  ScheduleState pause(String scheduleId, String note);

  ScheduleState resume(String scheduleId, String note);

  TriggerResult trigger(String scheduleId, String note);
}
