package dev.poslake.ops.schedules;

import dev.poslake.activities.rebuild.RebuildStatus;
import dev.poslake.activities.schedule.ScheduleControlActivities;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The schedules as people operate them (CLI, ops page): while a rebuild holds the ETL schedule paused and is in
 * progress, resuming or triggering the ETL is refused, because an ETL commit would make the rebuild fail (or, during
 * its publish, leave its tables half-published). The rebuild itself releases its hold through the schedules
 * directly, not through this guard.
 */
public final class RebuildHoldGuard implements PipelineScheduler {
  private final PipelineScheduler schedules;
  private final Supplier<Optional<RebuildStatus>> rebuild;

  public RebuildHoldGuard(PipelineScheduler schedules, Supplier<Optional<RebuildStatus>> rebuild) {
    this.schedules = schedules;
    this.rebuild = rebuild;
  }

  /** The schedules without the guard (`pos ops resume --force`, e.g. after a rebuild whose workflow was lost). */
  public PipelineScheduler unguarded() {
    return schedules;
  }

  /** Refused while the schedule is held by a rebuild that is in progress. */
  public static final class ScheduleHeldException extends IllegalArgumentException {
    ScheduleHeldException(String message) {
      super(message);
    }
  }

  private void refuseIfHeld(String kind, String action) {
    Optional<ScheduleView> v = schedules.describe(kind);
    if (v.isEmpty() || !v.get().paused() || v.get().note() == null
        || !v.get().note().startsWith(ScheduleControlActivities.HOLD_PREFIX)) {
      return;
    }
    Optional<RebuildStatus> r = rebuild.get().filter(RebuildStatus::inProgress);
    if (r.isPresent()) {
      throw new ScheduleHeldException("cannot " + action + " " + kind + ": rebuild " + r.get().rebuildId() + " holds it ("
          + r.get().phase() + "); it resumes the schedule when it ends. If that rebuild's workflow is gone, run "
          + "`pos rebuild` again, or `pos ops resume " + kind + " --force`");
    }
  }

  @Override
  public String backend() {
    return schedules.backend();
  }

  @Override
  public List<String> ensure(List<dev.poslake.workflows.schedule.ScheduleSpec> specs) {
    return schedules.ensure(specs);
  }

  @Override
  public ScheduleView pause(String kind, String note, String by) {
    return schedules.pause(kind, note, by);
  }

  @Override
  public ScheduleView resume(String kind, String note, String by) {
    refuseIfHeld(kind, "resume");
    return schedules.resume(kind, note, by);
  }

  @Override
  public TriggerOutcome trigger(String kind, String note) {
    refuseIfHeld(kind, "trigger");
    return schedules.trigger(kind, note);
  }

  @Override
  public Optional<ScheduleView> describe(String kind) {
    return schedules.describe(kind);
  }
}
