package dev.poslake.workflows.schedule;

import java.util.List;

/**
 * What {@code describe} answers, and what the scheduler carries across continue-as-new.
 *
 * @param nextRunAt epoch millis of the next scheduled start (meaningless while paused)
 * @param recentRuns newest last, at most {@link SchedulerWorkflowImpl#KEEP_RUNS}
 */
public record ScheduleState(ScheduleSpec spec, boolean paused, String note, long nextRunAt, long started,
    long skipped, List<RunRecord> recentRuns) {

  public ScheduleState {
    recentRuns = List.copyOf(recentRuns);
  }

  public RunRecord lastRun() {
    return recentRuns.isEmpty() ? null : recentRuns.get(recentRuns.size() - 1);
  }
}
