package dev.poslake.activities.runlog;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Appends rows to the run log table {@code pipeline_runs}. */
@ActivityInterface
public interface RunLogActivities {
  /** Appends the entries (one commit). ETL run rows get the gold freshness measured now. */
  @ActivityMethod(name = "RunLogRecord")
  void record(java.util.List<RunLogEntry> entries);
}
