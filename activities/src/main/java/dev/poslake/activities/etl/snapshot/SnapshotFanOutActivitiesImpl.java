package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.env.ProgressReporter;
import java.util.List;

/** Temporal adapter of {@link SnapshotIngest}'s parts; heartbeats carry the step's progress. */
public final class SnapshotFanOutActivitiesImpl implements SnapshotFanOutActivities {
  private final PipelineResources resources;
  private final IngestSeams seams;

  public SnapshotFanOutActivitiesImpl(PipelineResources resources) {
    this(resources, IngestSeams.none());
  }

  /** Test seam: the seams are passed to every call. */
  public SnapshotFanOutActivitiesImpl(PipelineResources resources, IngestSeams seams) {
    this.resources = resources;
    this.seams = seams;
  }

  @Override
  public RecountPlan plan() {
    return step().plan(RecountPlanner.MAX_FILES_PER_RUN, RecountPlanner.DEFAULT_PARALLELISM);
  }

  @Override
  public RecountGroupResult ingest(RecountFileGroup group) {
    return step().ingest(group);
  }

  @Override
  public LatestUpsertPlan planLatest() {
    return step().planLatest(RecountPlanner.DEFAULT_PARALLELISM);
  }

  @Override
  public LatestStoresResult upsertLatest(LatestUpsertPlan plan, List<Integer> stores) {
    return step().upsertLatest(plan, stores);
  }

  @Override
  public void commitLatest(LatestUpsertPlan plan, long changedPairs) {
    step().commitLatest(plan, changedPairs);
  }

  private SnapshotIngest step() {
    ProgressReporter heartbeat = ProgressReporter.current();
    return new SnapshotIngest(resources, what -> heartbeat.progress(() -> what))
        .checkpoint(seams.checkpoint()).beforeCommit(seams.beforeCommit()).midFile(seams.midFile());
  }
}
