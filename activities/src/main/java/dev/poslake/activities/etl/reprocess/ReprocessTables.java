package dev.poslake.activities.etl.reprocess;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.domain.Validation;
import dev.poslake.activities.reference.ValidationCache;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import org.apache.iceberg.Table;

/**
 * The tables and reference data a reprocess step reads, loaded fresh on every call. rejected_inventory_change goes
 * through its definition, which adds the reprocess columns to a table an older release created.
 */
final class ReprocessTables {
  private final PipelineResources resources;

  ReprocessTables(PipelineResources resources) {
    this.resources = resources;
  }

  Table change() {
    return resources.catalog().loadTable(resources.table(InventoryChangeTable.NAME));
  }

  Table rejected() {
    return RejectedInventoryChangeTable.DEFINITION.ensure(resources.catalog(),
        resources.namespaceOf(RejectedInventoryChangeTable.NAME));
  }

  /** Today's reference files (the ones silver validates against). */
  Validation validation() {
    return ValidationCache.get(resources);
  }
}
