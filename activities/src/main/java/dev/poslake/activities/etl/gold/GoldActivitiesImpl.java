package dev.poslake.activities.etl.gold;

import dev.poslake.activities.env.PipelineResources;
import io.temporal.activity.Activity;

/** Temporal adapter of {@link GoldMerge} and {@link GoldVerifier}. */
public final class GoldActivitiesImpl implements GoldActivities {
  private final PipelineResources resources;
  private final TruthSource truth;
  private final Runnable beforeCommit;

  /** {@code truth}: what {@link #verify()} compares gold with besides the recomputation (the worker's choice). */
  public GoldActivitiesImpl(PipelineResources resources, TruthSource truth) {
    this(resources, truth, () -> { });
  }

  /**
   * Test seam: {@code beforeCommit} is passed to {@link GoldMerge#beforeCommit(Runnable)} of every merge; verify
   * compares with no truth.
   */
  public GoldActivitiesImpl(PipelineResources resources, Runnable beforeCommit) {
    this(resources, TruthSource.NONE, beforeCommit);
  }

  private GoldActivitiesImpl(PipelineResources resources, TruthSource truth, Runnable beforeCommit) {
    this.resources = resources;
    this.truth = truth;
    this.beforeCommit = beforeCommit;
  }

  @Override
  public GoldResult merge() {
    return new GoldMerge(resources, GoldActivitiesImpl::heartbeat).beforeCommit(beforeCommit).run();
  }

  @Override
  public VerifyReport verify() {
    return new GoldVerifier(resources, GoldActivitiesImpl::heartbeat).compareWith(truth).verify();
  }

  private static void heartbeat(String what) {
    Activity.getExecutionContext().heartbeat(what);
  }
}
