package dev.poslake.ops.schedules;

/**
 * What a trigger did.
 *
 * @param workflowId the run started, or the run in flight that caused the skip (may be null when the backend
 *                   does not tell)
 */
public record TriggerOutcome(String kind, boolean started, String workflowId, String message) {
  public String status() {
    return started ? "started" : "skipped";
  }
}
