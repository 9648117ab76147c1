package dev.poslake.activities.etl.gold;

import dev.poslake.activities.env.PipelineResources;
import io.temporal.activity.Activity;

/** Temporal adapter of {@link GoldMerge} and {@link GoldVerifier}. */
public final class GoldActivitiesImpl implements GoldActivities {
  private final PipelineResources resources;
  private final Runnable beforeCommit;

  public GoldActivitiesImpl(PipelineResources resources) {
    this(resources, () -> { });
  }

  /** Test seam: {@code beforeCommit} is passed to {@link GoldMerge#beforeCommit(Runnable)} of every merge. */
  public GoldActivitiesImpl(PipelineResources resources, Runnable beforeCommit) {
    this.resources = resources;
    this.beforeCommit = beforeCommit;
  }

  @Override
  public GoldResult merge() {
    return new GoldMerge(resources, GoldActivitiesImpl::heartbeat).beforeCommit(beforeCommit).run();
  }

  @Override
  public VerifyReport verify() {
    return new GoldVerifier(resources, GoldActivitiesImpl::heartbeat).verify();
  }

  private static void heartbeat(String what) {
    Activity.getExecutionContext().heartbeat(what);
  }
}
