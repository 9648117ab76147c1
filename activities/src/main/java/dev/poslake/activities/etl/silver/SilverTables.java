package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import org.apache.iceberg.Table;

/** The tables silver reads and writes, loaded fresh by each activity (tables are not shared across threads). */
record SilverTables(Table bronze, Table change, Table rejected) {
  static SilverTables load(PipelineResources resources) {
    return new SilverTables(load(resources, RawInventoryChangeTable.NAME), load(resources, InventoryChangeTable.NAME),
        load(resources, RejectedInventoryChangeTable.NAME));
  }

  private static Table load(PipelineResources resources, String name) {
    return resources.catalog().loadTable(resources.table(name));
  }
}
