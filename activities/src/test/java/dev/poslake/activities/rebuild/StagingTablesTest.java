package dev.poslake.activities.rebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.activities.etl.EtlFixture;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rebuild's staging tables take the partitioning of the pipeline's tables: the stage step moves their files onto
 * them, and a gold created by an older release (identity(store_id)) must not receive files of bucket partitions.
 */
@ExtendWith(PosStackExtension.class)
class StagingTablesTest {
  @Test
  void stagingTablesFollowThePartitioningOfThePipelinesTables(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      TableIdentifier gold = f.res.table(CurrentInventoryTable.NAME);
      f.res.catalog().dropTable(gold);
      f.res.catalog().buildTable(gold, CurrentInventoryTable.SCHEMA)
          .withPartitionSpec(CurrentInventoryTable.STORE_SPEC).withSortOrder(CurrentInventoryTable.SORT_ORDER)
          .create();
      Namespace staging = Namespace.of(f.res.namespace() + "_rebuild_t");
      List<String> tables = List.of(InventoryChangeTable.NAME, CurrentInventoryTable.NAME);
      StagingTables.create(f.res, staging, tables);
      Table stagedGold = f.res.catalog().loadTable(TableIdentifier.of(staging, CurrentInventoryTable.NAME));
      assertEquals(CurrentInventoryTable.STORE_SPEC.toString(), stagedGold.spec().toString(), "as the table it replaces");
      Table stagedSilver = f.res.catalog().loadTable(TableIdentifier.of(staging, InventoryChangeTable.NAME));
      assertEquals(InventoryChangeTable.SPEC.toString(), stagedSilver.spec().toString());

      Namespace fresh = Namespace.of(f.res.namespace() + "_rebuild_u");
      f.res.catalog().dropTable(gold);
      StagingTables.create(f.res, fresh, List.of(CurrentInventoryTable.NAME));
      assertEquals(CurrentInventoryTable.SPEC.toString(),
          f.res.catalog().loadTable(TableIdentifier.of(fresh, CurrentInventoryTable.NAME)).spec().toString(),
          "no table yet: the definition's");
    }
  }
}
