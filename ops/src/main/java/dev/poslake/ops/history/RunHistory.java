package dev.poslake.ops.history;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The activities of one workflow run from its Temporal history: type, the unit of work of a fanned-out step
 * (which partition, group or bucket), attempts, the worker identity of the last attempt, times, outcome and
 * error.
 */
public final class RunHistory {
  /** One activity execution (all its attempts). */
  public record ActivityStep(String activityId, String activityType, String unit, Instant scheduledAt,
      Instant startedAt, Instant closedAt, int attempts, String worker, String status, String error) {
    public Long millis() {
      return scheduledAt == null || closedAt == null ? null : closedAt.toEpochMilli() - scheduledAt.toEpochMilli();
    }
  }

  /** The run as a whole: its status (COMPLETED, FAILED, RUNNING, ...) and activities in schedule order. */
  public record Run(String workflowId, String runId, String workflowType, String status, Instant startedAt,
      Instant closedAt, List<ActivityStep> activities) {}

  private RunHistory() {}

  public static Run fetch(WorkflowClient client, String workflowId, String runId) {
    WorkflowExecutionHistory h = runId == null ? client.fetchHistory(workflowId) : client.fetchHistory(workflowId, runId);
    Run run = of(h);
    // the SDK's history names its run "run_id_in_replay": keep the run id that was asked for
    return runId == null ? run : new Run(run.workflowId(), runId, run.workflowType(), run.status(), run.startedAt(),
        run.closedAt(), run.activities());
  }

  public static Run of(WorkflowExecutionHistory h) {
    Map<Long, Builder> byScheduledId = new LinkedHashMap<>();
    String type = null;
    String status = "RUNNING";
    Instant started = null;
    Instant closed = null;
    for (HistoryEvent e : h.getEvents()) {
      Instant at = Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
      EventType t = e.getEventType();
      switch (t) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
          type = e.getWorkflowExecutionStartedEventAttributes().getWorkflowType().getName();
          started = at;
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> { status = "COMPLETED"; closed = at; }
        case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> { status = "FAILED"; closed = at; }
        case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> { status = "TIMED_OUT"; closed = at; }
        case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> { status = "CANCELED"; closed = at; }
        case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> { status = "TERMINATED"; closed = at; }
        case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> { status = "CONTINUED_AS_NEW"; closed = at; }
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          var a = e.getActivityTaskScheduledEventAttributes();
          Builder b = new Builder();
          b.id = a.getActivityId();
          b.type = a.getActivityType().getName();
          b.unit = WorkUnits.describe(b.type, a.getInput());
          b.scheduled = at;
          byScheduledId.put(e.getEventId(), b);
        }
        case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
          var a = e.getActivityTaskStartedEventAttributes();
          Builder b = byScheduledId.get(a.getScheduledEventId());
          if (b != null) {
            b.started = at;
            b.attempts = a.getAttempt();
            b.worker = a.getIdentity();
            if (a.hasLastFailure()) b.error = a.getLastFailure().getMessage();
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> close(byScheduledId,
            e.getActivityTaskCompletedEventAttributes().getScheduledEventId(), at, "COMPLETED", null);
        case EVENT_TYPE_ACTIVITY_TASK_FAILED -> close(byScheduledId,
            e.getActivityTaskFailedEventAttributes().getScheduledEventId(), at, "FAILED",
            rootMessage(e.getActivityTaskFailedEventAttributes().getFailure()));
        case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> close(byScheduledId,
            e.getActivityTaskTimedOutEventAttributes().getScheduledEventId(), at, "TIMED_OUT",
            rootMessage(e.getActivityTaskTimedOutEventAttributes().getFailure()));
        case EVENT_TYPE_ACTIVITY_TASK_CANCELED -> close(byScheduledId,
            e.getActivityTaskCanceledEventAttributes().getScheduledEventId(), at, "CANCELED", null);
        default -> { }
      }
    }
    List<ActivityStep> steps = new ArrayList<>();
    byScheduledId.values().forEach(b -> steps.add(new ActivityStep(b.id, b.type, b.unit, b.scheduled, b.started, b.closed,
        b.attempts, b.worker, b.status, b.error)));
    return new Run(h.getWorkflowExecution().getWorkflowId(), h.getWorkflowExecution().getRunId(), type, status,
        started, closed, steps);
  }

  private static String rootMessage(io.temporal.api.failure.v1.Failure f) {
    while (f.hasCause()) f = f.getCause();
    return f.getMessage();
  }

  private static void close(Map<Long, Builder> m, long scheduledId, Instant at, String status, String error) {
    Builder b = m.get(scheduledId);
    if (b == null) return;
    b.closed = at;
    b.status = status;
    if (error != null) b.error = error;
  }

  private static final class Builder {
    String id;
    String type;
    String unit;
    Instant scheduled;
    Instant started;
    Instant closed;
    int attempts;
    String worker;
    String status = "RUNNING";
    String error;
  }
}
