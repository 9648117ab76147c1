package dev.poslake.activities.etl.gold;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.catalog.tables.PosTables;
import org.apache.iceberg.Table;

/** The tables a gold merge reads and writes, loaded fresh for one plan or bucket attempt. */
record GoldTables(PipelineResources resources, Table silver, Table latest, Table snapshots, Table gold) {

  static GoldTables load(PipelineResources resources) {
    return new GoldTables(resources, load(resources, InventoryChangeTable.DEFINITION.name()),
        load(resources, LatestInventorySnapshotTable.NAME), load(resources, InventorySnapshotTable.NAME),
        load(resources, CurrentInventoryTable.NAME));
  }

  static Table load(PipelineResources resources, String name) {
    // ensure: a merge or verify before the first table set-up sees empty tables rather than failing
    Table t = PosTables.byName(name).ensure(resources.catalog(), resources.namespace());
    t.refresh();
    return t;
  }
}
