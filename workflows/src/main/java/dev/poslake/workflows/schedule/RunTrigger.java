package dev.poslake.workflows.schedule;

/**
 * The input of every scheduled workflow: who started it and why. {@code simMinutes} is only used by the
 * generator's {@code --once --sim-minutes} path (null = "the simulated time since the previous run").
 */
public record RunTrigger(String scheduleId, String reason, String note, Integer simMinutes) {
  public static final String SCHEDULED = "schedule";
  public static final String TRIGGERED = "trigger";
  public static final String MANUAL = "manual";

  public static RunTrigger manual(Integer simMinutes) {
    return new RunTrigger(null, MANUAL, null, simMinutes);
  }
}
