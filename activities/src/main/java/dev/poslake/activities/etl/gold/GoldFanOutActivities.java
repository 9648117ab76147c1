package dev.poslake.activities.etl.gold;

import io.temporal.activity.ActivityInterface;

/**
 * The ETL's gold step fanned out per bucket of stores: a plan, then one merge per bucket with work, on any worker.
 * Each bucket commits its stores with every bucket's position (see docs/etl-bronze-silver.md, "Gold fan-out").
 */
@ActivityInterface(namePrefix = "GoldFanOut")
public interface GoldFanOutActivities {
  /**
   * Reads gold's position, moves buckets without work to the target, and returns the buckets with work. Small
   * result: ids and bucket numbers. Idempotent: a retry plans from the position it finds.
   *
   * @param buckets the bucket count wanted (kept as gold's until all buckets are at one position)
   */
  GoldPlan plan(int buckets);

  /**
   * Merges one bucket's stores and commits them with the bucket's new position, exactly once: an attempt that finds
   * the bucket at the target or anywhere but {@code task.from()} commits nothing and returns zero counts.
   */
  GoldResult mergeBucket(GoldBucketTask task);
}
