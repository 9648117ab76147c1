package dev.poslake.activities.etl.maintenance;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.io.StateSnapshots;
import dev.poslake.activities.etl.silver.SilverState;
import dev.poslake.activities.etl.gold.GoldPosition;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires old snapshots (Iceberg then deletes data files no retained snapshot references, e.g. files replaced
 * by compaction). The cut-off is clamped so that what pipeline steps still read is kept:
 * <ul>
 *   <li>the newest non-replace snapshot of the table (it carries the step's state keys, see
 *       {@link StateSnapshots});</li>
 *   <li>for bronze: the bronze snapshot silver processed last and everything after it (silver reads the files
 *       those snapshots added); nothing at all before silver's first run.</li>
 *   <li>for silver and latest: the snapshot gold consumed last and everything after it (the gold merge reads
 *       the rows appended since; without them it would fall back to a full recomputation), for the bucket of
 *       stores that is furthest behind ({@link GoldPosition}). Before gold's first merge there is nothing to
 *       protect: that merge reads the current rows.</li>
 * </ul>
 */
public final class SnapshotExpirer {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotExpirer.class);
  private final PipelineResources resources;

  public SnapshotExpirer(PipelineResources resources) {
    this.resources = resources;
  }

  /**
   * @param progress heartbeats per deleted file and around the commit: an expiry that deletes many files outlives
   *     the heartbeat timeout otherwise, while one that hangs (a stuck delete) stops reporting and is retried
   */
  public MaintenanceResult expire(String tableName, long olderThanMillis, int retainLast, ProgressReporter progress) {
    if (olderThanMillis < 0) throw new IllegalArgumentException("olderThanMillis is an age, must be >= 0");
    Table table = resources.catalog().loadTable(resources.table(tableName));
    Snapshot current = table.currentSnapshot();
    if (current == null) return new MaintenanceResult(tableName, 0, 0, 0, 0, 0, 0);
    long cutoff = System.currentTimeMillis() - olderThanMillis;
    Optional<Snapshot> state = SnapshotProperties.stateSnapshot(table);
    if (state.isPresent()) cutoff = Math.min(cutoff, state.get().timestampMillis());
    if (tableName.equals(RawInventoryChangeTable.NAME)) {
      Table change = resources.catalog().loadTable(resources.table(InventoryChangeTable.NAME));
      cutoff = Math.min(cutoff, readerPosition(table, SilverState.processedBronze(change), Long.MIN_VALUE));
    } else if (tableName.equals(InventoryChangeTable.NAME)) {
      for (GoldPosition.Inputs p : goldPositions()) {
        cutoff = Math.min(cutoff, readerPosition(table, Optional.ofNullable(p.silver()), Long.MAX_VALUE));
      }
    } else if (tableName.equals(LatestInventorySnapshotTable.NAME)) {
      for (GoldPosition.Inputs p : goldPositions()) {
        cutoff = Math.min(cutoff, readerPosition(table, Optional.ofNullable(p.latest()), Long.MAX_VALUE));
      }
    }
    int before = count(table);
    if (cutoff == Long.MIN_VALUE) {
      return new MaintenanceResult(tableName, 0, 0, 0, 0, 0, current.snapshotId());
    }
    long[] deleted = {0};
    progress.progress(() -> "expiring snapshots of " + tableName);
    table.expireSnapshots().expireOlderThan(cutoff).retainLast(Math.max(1, retainLast))
        // one file at a time instead of the FileIO's bulk delete: each deletion is progress to report
        .deleteWith(path -> {
          table.io().deleteFile(path);
          deleted[0]++;
          progress.progress(() -> "expiring snapshots of " + tableName + ": " + deleted[0] + " files deleted");
        })
        .commit();
    progress.progress(() -> "expired snapshots of " + tableName + ": " + deleted[0] + " files deleted");
    table.refresh();
    int expired = before - count(table);
    LOG.info("expired {} snapshots of {} (older than {}), {} files deleted", expired, tableName, cutoff, deleted[0]);
    return new MaintenanceResult(tableName, 0, 0, 0, 0, expired, table.currentSnapshot().snapshotId());
  }

  /**
   * The commit time of the snapshot a downstream reader consumed last (expire only older ones), or
   * {@code whenUnknown} if the reader has no position in this table's history.
   */
  private static long readerPosition(Table table, Optional<Long> consumedId, long whenUnknown) {
    Snapshot p = consumedId.map(table::snapshot).orElse(null);
    return p == null ? whenUnknown : p.timestampMillis();
  }

  /** Where each bucket of gold stands: the oldest one bounds what silver and latest must keep. */
  private java.util.List<GoldPosition.Inputs> goldPositions() {
    Table gold = resources.catalog().loadTable(resources.table(CurrentInventoryTable.NAME));
    return GoldPosition.read(gold).distinct();
  }

  private static int count(Table table) {
    int n = 0;
    for (Snapshot ignored : table.snapshots()) n++;
    return n;
  }
}
