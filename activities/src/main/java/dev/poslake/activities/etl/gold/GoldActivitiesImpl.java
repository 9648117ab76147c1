package dev.poslake.activities.etl.gold;

import dev.poslake.activities.env.PipelineResources;
import io.temporal.activity.Activity;

/** Temporal adapter of {@link GoldMerge} and {@link GoldVerifier}. */
public final class GoldActivitiesImpl implements GoldActivities {
  private final PipelineResources resources;

  public GoldActivitiesImpl(PipelineResources resources) {
    this.resources = resources;
  }

  @Override
  public GoldResult merge() {
    return new GoldMerge(resources, GoldActivitiesImpl::heartbeat).run();
  }

  @Override
  public VerifyReport verify() {
    return new GoldVerifier(resources, GoldActivitiesImpl::heartbeat).verify();
  }

  private static void heartbeat(String what) {
    Activity.getExecutionContext().heartbeat(what);
  }
}
