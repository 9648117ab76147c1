package dev.poslake.activities.etl.snapshot;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The snapshot step fanned out (workflow version "snapshot-fan-out" 1): plan, ingest file groups in parallel,
 * plan the latest-snapshot upsert, upsert store buckets in parallel, commit its marker. Every activity is
 * idempotent; the long ones heartbeat while they make progress. Activity types: SnapshotFanOutPlan,
 * SnapshotFanOutIngest, SnapshotFanOutPlanLatest, SnapshotFanOutUpsertLatest, SnapshotFanOutCommitLatest.
 */
@ActivityInterface(namePrefix = "SnapshotFanOut")
public interface SnapshotFanOutActivities {
  /** Lists the recount files not yet ingested (a capped number per run) and cuts them into groups. Reads only. */
  RecountPlan plan();

  /** Ingests one group: each file version exactly once, whatever the retries and racing attempts. */
  RecountGroupResult ingest(RecountFileGroup group);

  /** What the upsert folds (from the newest marker up to inventory_snapshot now), stores in buckets. Reads only. */
  LatestUpsertPlan planLatest();

  /** Folds the plan's new rows into the partitions of {@code stores} (one bucket of the plan); idempotent. */
  LatestStoresResult upsertLatest(LatestUpsertPlan plan, List<Integer> stores);

  /** The marker commit on top of the plan's marker; a no-op if an earlier attempt committed it. */
  void commitLatest(LatestUpsertPlan plan, long changedPairs);
}
