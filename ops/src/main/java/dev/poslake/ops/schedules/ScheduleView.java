package dev.poslake.ops.schedules;

import dev.poslake.workflows.schedule.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A schedule as the ops commands and page show it.
 *
 * @param nextRunAt next scheduled start (null while paused or unknown)
 * @param recentRuns newest last; times are epoch millis (see {@link RunRecord})
 * @param started runs started since the schedule was created (durable back-end: since `pos up` started it; a
 *     start that failed counts too)
 * @param skipped starts skipped because a run was in flight (native: also those missed the catch-up window)
 * @param changedBy who paused or resumed it last (null: unknown, e.g. never changed)
 * @param changedAt when (null: unknown; native schedules do not tell)
 */
public record ScheduleView(String kind, String scheduleId, String backend, Duration interval, boolean paused,
    String note, Instant nextRunAt, List<RunRecord> recentRuns, long started, long skipped, String changedBy,
    Instant changedAt) {

  public ScheduleView {
    recentRuns = recentRuns == null ? List.of() : List.copyOf(recentRuns);
  }

  public RunRecord lastRun() {
    for (int i = recentRuns.size() - 1; i >= 0; i--) {
      if (!RunRecord.SKIPPED.equals(recentRuns.get(i).status())) return recentRuns.get(i);
    }
    return null;
  }

  /** The workflow id of a run still going, or null. */
  public String runningWorkflowId() {
    for (RunRecord r : recentRuns) {
      if (RunRecord.RUNNING.equals(r.status())) return r.workflowId();
    }
    return null;
  }
}
