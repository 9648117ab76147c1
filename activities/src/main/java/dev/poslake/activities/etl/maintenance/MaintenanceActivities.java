package dev.poslake.activities.etl.maintenance;

import io.temporal.activity.ActivityInterface;

/** Table maintenance: compaction and snapshot expiry. Activity types MaintenanceCompact, MaintenanceExpireSnapshots. */
@ActivityInterface(namePrefix = "Maintenance")
public interface MaintenanceActivities {
  /**
   * Rewrites, per partition, the small files (below 3/4 of {@code targetFileBytes}) into files of about
   * {@code targetFileBytes} when the partition has at least {@code minFilesToCompact} of them. Same rows;
   * one {@code replace} commit; pipeline summary keys carried forward. {@code table} is the table name
   * (e.g. {@code inventory_change}).
   */
  MaintenanceResult compact(String table, int minFilesToCompact, long targetFileBytes);

  /**
   * Expires snapshots older than {@code olderThanMillis} (an AGE in milliseconds, not a timestamp), keeping
   * at least {@code retainLast}; never expires the state a pipeline step still needs (see
   * {@link SnapshotExpirer}).
   */
  MaintenanceResult expireSnapshots(String table, long olderThanMillis, int retainLast);
}
