package dev.poslake.activities.schedule;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Saves a durable scheduler's pause state where a restart of the embedded Temporal server finds it. */
@ActivityInterface
public interface ScheduleStateActivities {
  /** Idempotent; a record older than the saved one (lower revision) is ignored. */
  @ActivityMethod(name = "ScheduleStateSave")
  void save(ScheduleStateRecord state);
}
