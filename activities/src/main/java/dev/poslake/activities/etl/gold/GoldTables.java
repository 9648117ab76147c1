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

  /**
   * Gold first: its positions are then never newer than the inputs read after them (read the other way round, a
   * bucket committed in between would look ahead of the inputs, and a plan would move it back).
   */
  static GoldTables load(PipelineResources resources) {
    Table gold = load(resources, CurrentInventoryTable.NAME);
    return new GoldTables(resources, load(resources, InventoryChangeTable.DEFINITION.name()),
        load(resources, LatestInventorySnapshotTable.NAME), load(resources, InventorySnapshotTable.NAME), gold);
  }

  static Table load(PipelineResources resources, String name) {
    // ensure: a merge or verify before the first table set-up sees empty tables rather than failing
    Table t = PosTables.byName(name).ensure(resources.catalog(), resources.namespaceOf(name));
    t.refresh();
    return t;
  }
}
