package dev.poslake.activities.etl.maintenance;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.io.StateSnapshots;
import dev.poslake.activities.etl.silver.SilverState;
import dev.poslake.catalog.tables.InventoryChangeTable;
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
 * </ul>
 * Not known here: gold's position in inventory_change. Gold reads silver appends after its last processed
 * silver snapshot, so keep olderThan for inventory_change well above the ETL interval (the default workflow
 * should use days).
 */
public final class SnapshotExpirer {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotExpirer.class);
  private final PipelineResources resources;

  public SnapshotExpirer(PipelineResources resources) {
    this.resources = resources;
  }

  public MaintenanceResult expire(String tableName, long olderThanMillis, int retainLast) {
    if (olderThanMillis < 0) throw new IllegalArgumentException("olderThanMillis is an age, must be >= 0");
    Table table = resources.catalog().loadTable(resources.table(tableName));
    Snapshot current = table.currentSnapshot();
    if (current == null) return new MaintenanceResult(tableName, 0, 0, 0, 0, 0, 0);
    long cutoff = System.currentTimeMillis() - olderThanMillis;
    Optional<Snapshot> state = StateSnapshots.newestNonReplace(table);
    if (state.isPresent()) cutoff = Math.min(cutoff, state.get().timestampMillis());
    if (tableName.equals(RawInventoryChangeTable.NAME)) {
      Table change = resources.catalog().loadTable(resources.table(InventoryChangeTable.NAME));
      Optional<Long> processed = SilverState.processedBronze(change);
      Snapshot p = processed.map(table::snapshot).orElse(null);
      cutoff = Math.min(cutoff, p == null ? Long.MIN_VALUE : p.timestampMillis());
    }
    int before = count(table);
    if (cutoff == Long.MIN_VALUE) {
      return new MaintenanceResult(tableName, 0, 0, 0, 0, 0, current.snapshotId());
    }
    table.expireSnapshots().expireOlderThan(cutoff).retainLast(Math.max(1, retainLast)).commit();
    table.refresh();
    int expired = before - count(table);
    LOG.info("expired {} snapshots of {} (older than {})", expired, tableName, cutoff);
    return new MaintenanceResult(tableName, 0, 0, 0, 0, expired, table.currentSnapshot().snapshotId());
  }

  private static int count(Table table) {
    int n = 0;
    for (Snapshot ignored : table.snapshots()) n++;
    return n;
  }
}
