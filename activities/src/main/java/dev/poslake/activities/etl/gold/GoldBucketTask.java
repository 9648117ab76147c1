package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.gold.GoldPosition.Inputs;

/**
 * One bucket merge of a gold fan-out (a small activity input: ids only, no rows, no file lists).
 *
 * @param bucket the bucket, in [0, buckets)
 * @param buckets the bucket count of the plan
 * @param from the bucket's position when planned: an attempt that finds the bucket elsewhere commits nothing
 * @param to the target position of the run
 */
public record GoldBucketTask(int bucket, int buckets, Inputs from, Inputs to) {}
