package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.env.PipelineResources;
import io.temporal.activity.Activity;
import java.util.function.Consumer;

/** Temporal adapter of {@link SnapshotIngest}. */
public final class SnapshotActivitiesImpl implements SnapshotActivities {
  private final PipelineResources resources;
  private final Consumer<String> checkpoint;

  public SnapshotActivitiesImpl(PipelineResources resources) {
    this(resources, table -> { });
  }

  /** Test seam: {@code checkpoint} is passed to {@link SnapshotIngest#checkpoint(Consumer)} of every run. */
  public SnapshotActivitiesImpl(PipelineResources resources, Consumer<String> checkpoint) {
    this.resources = resources;
    this.checkpoint = checkpoint;
  }

  @Override
  public SnapshotIngestResult ingest() {
    return new SnapshotIngest(resources, what -> Activity.getExecutionContext().heartbeat(what))
        .checkpoint(checkpoint).run();
  }
}
