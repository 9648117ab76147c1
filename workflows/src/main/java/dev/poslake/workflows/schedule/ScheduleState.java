package dev.poslake.workflows.schedule;

import java.util.List;

/**
 * What {@code describe} answers, and what the scheduler carries across continue-as-new and restarts.
 *
 * @param nextRunAt epoch millis of the next scheduled start (meaningless while paused)
 * @param recentRuns newest last, at most {@link SchedulerWorkflowImpl#KEEP_RUNS}
 * @param changedBy who paused or resumed it last (null: nobody yet, or a state from before it was kept)
 * @param changedAt when, epoch millis (null like {@code changedBy})
 * @param stateRevision how many times the pause state was saved (see {@code ScheduleStateRecord#revision})
 */
public record ScheduleState(ScheduleSpec spec, boolean paused, String note, long nextRunAt, long started,
    long skipped, List<RunRecord> recentRuns, String changedBy, Long changedAt, long stateRevision) {

  public ScheduleState {
    recentRuns = List.copyOf(recentRuns);
  }

  /** The state a restarted scheduler begins with: the saved pause state, no runs yet, the next slot at once. */
  public static ScheduleState restored(ScheduleSpec spec, boolean paused, String note, String by, long at,
      long revision) {
    return new ScheduleState(spec, paused, note, 0, 0, 0, List.of(), by, at, revision);
  }

  public RunRecord lastRun() {
    return recentRuns.isEmpty() ? null : recentRuns.get(recentRuns.size() - 1);
  }
}
