package dev.poslake.activities.etl.gold;

import dev.poslake.activities.env.PipelineResources;
import io.temporal.activity.Activity;
import java.util.function.IntConsumer;

/** Temporal adapter of {@link GoldPlanner} and {@link BucketMerge}. */
public final class GoldFanOutActivitiesImpl implements GoldFanOutActivities {
  private final PipelineResources resources;
  private final IntConsumer beforeCommit;

  public GoldFanOutActivitiesImpl(PipelineResources resources) {
    this(resources, bucket -> { });
  }

  /** Test seam: {@code beforeCommit} gets the bucket number before each commit attempt of a bucket merge. */
  public GoldFanOutActivitiesImpl(PipelineResources resources, IntConsumer beforeCommit) {
    this.resources = resources;
    this.beforeCommit = beforeCommit;
  }

  @Override
  public GoldPlan plan(int buckets) {
    return new GoldPlanner(resources).plan(buckets);
  }

  @Override
  public GoldResult mergeBucket(GoldBucketTask task) {
    return new BucketMerge(resources, what -> Activity.getExecutionContext().heartbeat(what))
        .beforeCommit(() -> beforeCommit.accept(task.bucket())).run(task);
  }
}
