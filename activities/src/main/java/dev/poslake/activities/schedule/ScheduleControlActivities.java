package dev.poslake.activities.schedule;

import io.temporal.activity.ActivityInterface;

/**
 * A workflow's hold on one of the pipeline's schedules (a rebuild pauses the ETL while it runs). The pause is
 * marked with its holder ({@link #HOLD_PREFIX} in the note), so the holder resumes only its own pause: a
 * schedule a user paused stays paused.
 */
@ActivityInterface(namePrefix = "ScheduleControl")
public interface ScheduleControlActivities {
  /** Notes of pauses held by a workflow start with it: {@code [hold rebuild 3f2a9c1d] ...}. */
  String HOLD_PREFIX = "[hold ";

  /**
   * Pauses the schedule for {@code holder} unless it is paused already.
   *
   * @return true if the schedule is paused by a hold (this one, or one an earlier run of the same kind of
   *     holder left, which this holder takes over); false if there is no such schedule or a user paused it
   */
  boolean hold(String kind, String holder, String why);

  /** Waits, heartbeating, until no run of the schedule is in flight. */
  void awaitIdle(String kind);

  /** Resumes the schedule if a hold still pauses it (not if a user paused or resumed it meanwhile). */
  void release(String kind, String holder, String why);
}
