package dev.poslake.workflows.schedule;

/**
 * The first argument of every scheduled workflow: who started it and why.
 *
 * @param scheduledAt epoch millis of the schedule slot (null: not known, e.g. manual or native schedules)
 */
public record RunTrigger(String scheduleId, String reason, String note, Long scheduledAt) {
  public static final String SCHEDULED = "schedule";
  public static final String TRIGGERED = "trigger";
  public static final String MANUAL = "manual";

  public RunTrigger(String scheduleId, String reason, String note) {
    this(scheduleId, reason, note, null);
  }

  public static RunTrigger manual(String note) {
    return new RunTrigger(null, MANUAL, note);
  }
}
