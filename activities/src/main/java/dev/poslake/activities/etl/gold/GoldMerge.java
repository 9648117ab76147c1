package dev.poslake.activities.etl.gold;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.config.PosSettings;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The whole gold merge in one process (Temporal-free): the fan-out's plan ({@link GoldPlanner}), then every bucket
 * with work one after the other ({@link BucketMerge}, each committing its stores and its position). What the ETL's
 * gold activity of the releases before the fan-out runs ({@code GoldMerge}, still registered for their workflow
 * runs), and what tests and tools call. A crash part-way leaves the committed buckets committed; the next run
 * merges the others.
 */
public final class GoldMerge {
  private final PipelineResources resources;
  private final Consumer<String> progress;
  private int buckets;
  private Runnable beforeCommit = () -> { };
  private IntConsumer beforeStore = store -> { };
  private Duration heartbeatEvery = Duration.ofSeconds(5);
  private Duration stallLimit = StoreRunner.STALL_LIMIT;

  public GoldMerge(PipelineResources resources, Consumer<String> progress) {
    this.resources = resources;
    this.progress = progress;
    this.buckets = resources.config().get(PosSettings.GOLD_BUCKETS);
  }

  /** The bucket count to plan with (default: the {@code etl.gold-buckets} setting). */
  public GoldMerge buckets(int n) {
    this.buckets = n;
    return this;
  }

  /** Test seam: runs after a bucket's files are written, before its commit; throw to simulate a crash there. */
  public GoldMerge beforeCommit(Runnable hook) {
    this.beforeCommit = hook;
    return this;
  }

  /** Test seam: runs on a merge thread before it merges {@code store}; block to simulate a hung store read. */
  public GoldMerge beforeStore(IntConsumer hook) {
    this.beforeStore = hook;
    return this;
  }

  /** Test seam: how often the waiting thread looks at the progress, and when it gives up on a stuck merge. */
  GoldMerge heartbeat(Duration every, Duration giveUpAfter) {
    this.heartbeatEvery = every;
    this.stallLimit = giveUpAfter;
    return this;
  }

  public GoldResult run() {
    GoldPlan plan = new GoldPlanner(resources).plan(buckets);
    GoldResult sum = GoldResult.NONE;
    for (GoldBucketTask task : plan.tasks()) {
      sum = sum.plus(new BucketMerge(resources, progress).beforeCommit(beforeCommit).beforeStore(beforeStore)
          .heartbeat(heartbeatEvery, stallLimit).run(task));
    }
    return sum;
  }
}
