package dev.poslake.ops.schedules;

/** The schedule does not exist: no `pos up` has registered it on this Temporal server. */
public final class ScheduleNotFoundException extends RuntimeException {
  public ScheduleNotFoundException(String scheduleId) {
    super("schedule " + scheduleId + " not found: is `pos up` running on this stack?");
  }
}
