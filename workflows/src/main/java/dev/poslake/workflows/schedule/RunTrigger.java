package dev.poslake.workflows.schedule;

/** The first argument of every scheduled workflow: who started it and why. */
public record RunTrigger(String scheduleId, String reason, String note) {
  public static final String SCHEDULED = "schedule";
  public static final String TRIGGERED = "trigger";
  public static final String MANUAL = "manual";

  public static RunTrigger manual(String note) {
    return new RunTrigger(null, MANUAL, note);
  }
}
