package dev.poslake.activities.etl.snapshot;

import java.util.Map;

/**
 * Counts of one snapshot ingest run.
 *
 * @param filesSeen         recount objects listed under {@code inventory_snapshots/}
 * @param filesIngested     file versions read into the tables this run
 * @param filesSkipped      already ingested (same name and content), not read again
 * @param rows              rows appended to inventory_snapshot
 * @param rejected          lines appended to rejected_snapshot_row
 * @param rejectsByReason   rejected lines per reason code
 * @param latestRowsChanged (store, item) pairs whose latest_inventory_snapshot row changed
 */
public record SnapshotIngestResult(int filesSeen, int filesIngested, int filesSkipped, long rows, long rejected,
    Map<String, Long> rejectsByReason, long latestRowsChanged) {
  public SnapshotIngestResult {
    rejectsByReason = Map.copyOf(rejectsByReason);
  }
}
