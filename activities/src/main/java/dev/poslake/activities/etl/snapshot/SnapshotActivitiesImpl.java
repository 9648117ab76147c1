package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.env.PipelineResources;
import io.temporal.activity.Activity;

/** Temporal adapter of {@link SnapshotIngest}. */
public final class SnapshotActivitiesImpl implements SnapshotActivities {
  private final PipelineResources resources;

  public SnapshotActivitiesImpl(PipelineResources resources) {
    this.resources = resources;
  }

  @Override
  public SnapshotIngestResult ingest() {
    return new SnapshotIngest(resources, what -> Activity.getExecutionContext().heartbeat(what)).run();
  }
}
