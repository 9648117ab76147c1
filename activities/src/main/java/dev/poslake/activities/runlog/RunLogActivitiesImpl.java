package dev.poslake.activities.runlog;

import java.util.List;

/** Thin activity over {@link RunLogWriter}; {@code workerIdentity} (e.g. pid@host) goes into every row. */
public final class RunLogActivitiesImpl implements RunLogActivities {
  private final RunLogWriter writer;
  private final String workerIdentity;

  public RunLogActivitiesImpl(RunLogWriter writer, String workerIdentity) {
    this.writer = writer;
    this.workerIdentity = workerIdentity;
  }

  @Override
  public void record(List<RunLogEntry> entries) {
    writer.append(entries, workerIdentity);
  }
}
