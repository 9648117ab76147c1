package dev.poslake.workflows.schedule;

/** One run a schedule started or skipped. Times are epoch millis from the workflow clock. */
public record RunRecord(String workflowId, String reason, long scheduledAt, Long finishedAt, String status,
    String message) {
  public static final String RUNNING = "RUNNING";
  public static final String COMPLETED = "COMPLETED";
  public static final String FAILED = "FAILED";
  public static final String SKIPPED = "SKIPPED";

  RunRecord finished(long at, String newStatus, String newMessage) {
    return new RunRecord(workflowId, reason, scheduledAt, at, newStatus, newMessage);
  }
}
