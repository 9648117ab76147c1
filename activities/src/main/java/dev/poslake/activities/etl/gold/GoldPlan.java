package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.gold.GoldPosition.Inputs;
import java.util.List;

/**
 * The plan of a gold fan-out (small: ids and bucket numbers).
 *
 * @param buckets the bucket count this run uses
 * @param target the silver and latest snapshots every bucket moves to
 * @param tasks one merge per bucket with work, none when gold is at the target
 * @param bucketsAdvanced buckets without work that the plan moved to the target itself
 */
public record GoldPlan(int buckets, Inputs target, List<GoldBucketTask> tasks, int bucketsAdvanced) {}
