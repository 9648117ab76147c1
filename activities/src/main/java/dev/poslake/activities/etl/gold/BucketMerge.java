package dev.poslake.activities.etl.gold;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.gold.GoldPosition.Inputs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.iceberg.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bucket of a gold fan-out: merges the bucket's stores from its position to the target ({@link StoreMerge},
 * in parallel: {@link StoreRunner}) and commits them with its new position ({@link BucketCommit}). Idempotent: an
 * attempt that finds its bucket already at the target does nothing, and one that finds it anywhere but where the
 * plan saw it (a stale attempt, woken after a newer one committed) does nothing either.
 */
final class BucketMerge {
  private static final Logger LOG = LoggerFactory.getLogger(BucketMerge.class);
  private final PipelineResources resources;
  private final Consumer<String> progress;
  private Runnable beforeCommit = () -> { };
  private IntConsumer beforeStore = store -> { };
  private Duration heartbeatEvery = Duration.ofSeconds(5);
  private Duration stallLimit = StoreRunner.STALL_LIMIT;

  BucketMerge(PipelineResources resources, Consumer<String> progress) {
    this.resources = resources;
    this.progress = progress;
  }

  /** Test seam: runs after the bucket's files are written, before each commit attempt. */
  BucketMerge beforeCommit(Runnable hook) {
    this.beforeCommit = hook;
    return this;
  }

  /** Test seam: runs on a merge thread before it merges {@code store}. */
  BucketMerge beforeStore(IntConsumer hook) {
    this.beforeStore = hook;
    return this;
  }

  BucketMerge heartbeat(Duration every, Duration giveUpAfter) {
    this.heartbeatEvery = every;
    this.stallLimit = giveUpAfter;
    return this;
  }

  GoldResult run(GoldBucketTask task) {
    GoldTables t = GoldTables.load(resources);
    GoldPosition state = GoldPosition.read(t.gold());
    String what = "gold bucket " + task.bucket() + " of " + task.buckets();
    if (!state.readableAs(task.buckets())) {
      LOG.info("{}: gold is bucketed by {} now: a newer run re-bucketed it; nothing to do", what, state.buckets());
      return GoldResult.NONE;
    }
    Inputs now = state.of(task.bucket(), task.buckets());
    if (now.equals(task.to())) return GoldResult.NONE; // a retry after the commit
    if (!now.equals(task.from()) || !exists(t, task.to())) {
      LOG.info("{}: at {}, planned from {} to {}: a stale attempt; nothing to do", what, now, task.from(), task.to());
      return GoldResult.NONE;
    }
    Snapshot base = t.gold().currentSnapshot();
    long t0 = System.nanoTime();
    GoldInputs in = SharedGoldInputs.plan(t, now, task.to());
    Set<Integer> stores = in.storesOf(task.bucket(), task.buckets());
    GoldFiles files = GoldFiles.plan(t.gold(), base == null ? null : base.snapshotId(), stores);
    MergeCounters counters = new MergeCounters();
    if (!in.full) counters.newestEventMillis.set(in.newestEventMillis);
    try (GoldWrites writes = new GoldWrites(t.gold())) {
      long t1 = System.nanoTime();
      StoreMerge merge = new StoreMerge(t, in, files, writes, counters);
      new StoreRunner(progress, heartbeatEvery, stallLimit, beforeStore).run(what, stores, merge::merge, counters);
      long finishing = System.nanoTime();
      writes.finish(); // the partitions' shared files
      counters.writeNanos.addAndGet(System.nanoTime() - finishing);
      long t2 = System.nanoTime();
      Map<String, String> summary = new LinkedHashMap<>();
      summary.put(GoldSummaryKeys.BUCKET, Integer.toString(task.bucket()));
      summary.put(GoldSummaryKeys.KEYS_TOUCHED, Long.toString(counters.keysTouched.get()));
      summary.put(GoldSummaryKeys.ROWS_UPSERTED, Long.toString(counters.rowsUpserted.get()));
      summary.put(GoldSummaryKeys.PAIRS_WITHOUT_SNAPSHOT, Long.toString(counters.pairsWithoutSnapshot.get()));
      summary.put(GoldSummaryKeys.MODE, in.full ? "full" : "incremental");
      BucketCommit.Outcome outcome = BucketCommit.commit(t.gold(), writes, base, stores, task.buckets(),
          Map.of(task.bucket(), now), true, task.to(), summary, beforeCommit, progress);
      LOG.info("{} ({}): {}; {} stores, {} copy-on-write, {} merge-on-read, {} rows upserted, {} silver rows read;"
          + " ms: plan {}, stores {} (summed over threads: inputs {}, gold rows {}, writes {}), commit {}",
          what, in.full ? "full" : "incremental", outcome, stores.size(), writes.storesRewritten(),
          writes.storesMergedOnRead(), counters.rowsUpserted, counters.silverRowsRead, (t1 - t0) / 1_000_000,
          (t2 - t1) / 1_000_000, counters.inputNanos.get() / 1_000_000, counters.goldReadNanos.get() / 1_000_000,
          counters.writeNanos.get() / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
      return outcome == BucketCommit.Outcome.COMMITTED ? counters.result() : GoldResult.NONE;
    }
  }

  /** The target's snapshots are still there (not expired since the plan, which would make it a stale plan). */
  private static boolean exists(GoldTables t, Inputs to) {
    return (to.silver() == null || t.silver().snapshot(to.silver()) != null)
        && (to.latest() == null || t.latest().snapshot(to.latest()) != null);
  }
}
