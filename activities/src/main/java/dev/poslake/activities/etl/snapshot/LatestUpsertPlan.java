package dev.poslake.activities.etl.snapshot;

import java.util.List;

/**
 * One latest-snapshot upsert (activity payload): fold the inventory_snapshot rows appended in
 * ({@code fromSnapshotId}, {@code toSnapshotId}] into latest_inventory_snapshot, store bucket by store bucket, then
 * commit the marker on top of the marker the plan started from.
 *
 * @param markerSnapshotId the latest_inventory_snapshot marker snapshot the upsert starts from (null: none yet)
 * @param fromSnapshotId exclusive start in inventory_snapshot; null: every row as of {@code toSnapshotId} (first
 *     upsert, or history that cannot be followed)
 * @param toSnapshotId inventory_snapshot snapshot the upsert folds up to; null: the table is empty, nothing to do
 * @param storeBuckets stores whose partitions may change, cut into buckets that run in parallel
 */
public record LatestUpsertPlan(Long markerSnapshotId, Long fromSnapshotId, Long toSnapshotId,
    List<List<Integer>> storeBuckets) {
  public LatestUpsertPlan {
    storeBuckets = storeBuckets.stream().map(List::copyOf).toList();
  }

  /** The same plan without its buckets: what a bucket or the marker commit needs (a small payload). */
  public LatestUpsertPlan withoutBuckets() {
    return new LatestUpsertPlan(markerSnapshotId, fromSnapshotId, toSnapshotId, List.of());
  }

  /** True if latest_inventory_snapshot already holds everything: no bucket, no marker. */
  public boolean upToDate() {
    return toSnapshotId == null || toSnapshotId.equals(fromSnapshotId);
  }
}
