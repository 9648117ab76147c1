package dev.poslake.activities.etl.snapshot;

import io.temporal.activity.ActivityInterface;

/** The ETL's snapshot step: new recount files → inventory_snapshot (+ rejects) → latest_inventory_snapshot. */
@ActivityInterface(namePrefix = "Snapshot")
public interface SnapshotActivities {
  /** Idempotent: a retry after any crash commits nothing twice. Heartbeats per file and per store. */
  SnapshotIngestResult ingest();
}
