package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.catalog.tables.RejectedSnapshotRowTable;
import org.apache.iceberg.Table;

/** The tables the snapshot step writes, loaded (and created if missing) once per activity call. */
record SnapshotTables(Table snapshots, Table rejects, Table latest, Table ledger) {
  static SnapshotTables load(PipelineResources res) {
    var catalog = res.catalog();
    return new SnapshotTables(
        InventorySnapshotTable.DEFINITION.ensure(catalog, res.namespaceOf(InventorySnapshotTable.NAME)),
        RejectedSnapshotRowTable.DEFINITION.ensure(catalog, res.namespaceOf(RejectedSnapshotRowTable.NAME)),
        LatestInventorySnapshotTable.DEFINITION.ensure(catalog, res.namespaceOf(LatestInventorySnapshotTable.NAME)),
        IngestedSnapshotFileTable.DEFINITION.ensure(catalog, res.namespaceOf(IngestedSnapshotFileTable.NAME)));
  }
}
