package dev.poslake.activities.etl.maintenance;

/**
 * @param partitionsCompacted partitions whose small files were rewritten
 * @param filesRemoved        data and delete files replaced by compaction
 * @param filesAdded          data and delete files written by compaction
 * @param rowsRewritten       rows copied by compaction (into data files)
 * @param snapshotsExpired    snapshots removed by expiry
 * @param snapshotId          the table's current snapshot afterwards (0 if none)
 */
public record MaintenanceResult(String table, int partitionsCompacted, int filesRemoved, int filesAdded,
    long rowsRewritten, int snapshotsExpired, long snapshotId) {}
