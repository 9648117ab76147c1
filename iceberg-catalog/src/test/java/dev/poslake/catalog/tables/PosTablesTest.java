package dev.poslake.catalog.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.LocalCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosTablesTest {
  static final Namespace NS = Namespace.of("pos");

  @TempDir Path dir;

  @Test
  void registryHasTheContractNames() {
    Set<String> names = new HashSet<>();
    PosTables.ALL.forEach(t -> names.add(t.name()));
    assertEquals(Set.of("raw_inventory_change", "store", "item", "inventory_change_type", "inventory_change",
        "inventory_snapshot", "latest_inventory_snapshot", "current_inventory", "rejected_inventory_change",
        "rejected_snapshot_row", "pipeline_runs", "ingested_snapshot_file"), names);
    assertEquals(PosTables.ALL.size(), names.size());
  }

  @Test
  void ensureAllCreatesV2TablesAndIsIdempotent() {
    Catalog catalog = LocalCatalog.open(dir);
    Map<String, Table> first = PosTables.ensureAll(catalog, NS);
    assertEquals(PosTables.ALL.size(), first.size());
    for (TableDefinition def : PosTables.ALL) {
      Table t = catalog.loadTable(TableIdentifier.of(NS, def.name()));
      assertEquals(2, ((org.apache.iceberg.HasTableOperations) t).operations().current().formatVersion(), def.name());
      assertTrue(t.schema().sameSchema(def.schema()), def.name());
      assertEquals(def.spec().fields().size(), t.spec().fields().size(), def.name());
      assertEquals(def.schema().identifierFieldIds(), t.schema().identifierFieldIds(), def.name());
      assertEquals(def.doc(), t.properties().get("comment"));
    }
    Map<String, Table> second = PosTables.ensureAll(catalog, NS);
    for (String name : first.keySet()) {
      assertEquals(((org.apache.iceberg.HasTableOperations) first.get(name)).operations().current()
              .metadataFileLocation(),
          ((org.apache.iceberg.HasTableOperations) second.get(name)).operations().current().metadataFileLocation(),
          "ensureAll must not recreate or alter " + name);
    }
    assertEquals(Set.of("store_id", "item_id"),
        Set.copyOf(catalog.loadTable(TableIdentifier.of(NS, "current_inventory")).schema().identifierFieldNames()));
  }

  @Test
  void anUpgradeAddsTheNewOptionalColumnsToATableAnOlderReleaseCreated() {
    Catalog catalog = LocalCatalog.open(dir);
    PosTables.ensureNamespace(catalog, NS);
    TableDefinition current = PipelineRunsTable.DEFINITION;
    // the table as the release before lost_offsets and note created it
    org.apache.iceberg.Schema older = new org.apache.iceberg.Schema(current.schema().columns().stream()
        .filter(f -> !f.name().equals(PipelineRunsTable.LOST_OFFSETS) && !f.name().equals(PipelineRunsTable.NOTE))
        .toList());
    catalog.buildTable(TableIdentifier.of(NS, current.name()), older).create();

    Table upgraded = current.ensure(catalog, NS);
    assertTrue(upgraded.schema().findField(PipelineRunsTable.LOST_OFFSETS) != null, upgraded.schema().toString());
    assertTrue(upgraded.schema().findField(PipelineRunsTable.NOTE).isOptional());
    assertEquals(current.schema().columns().size(), upgraded.schema().columns().size());
    String metadata = ((org.apache.iceberg.HasTableOperations) upgraded).operations().current().metadataFileLocation();
    Table again = current.ensure(catalog, NS);
    assertEquals(metadata, ((org.apache.iceberg.HasTableOperations) again).operations().current()
        .metadataFileLocation(), "nothing left to add");
  }

  @Test
  void twoCatalogInstancesRacingBothSucceed() throws Exception {
    Catalog a = LocalCatalog.open(dir);
    Catalog b = LocalCatalog.open(dir);
    CyclicBarrier barrier = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Map<String, Table>>> results = new ArrayList<>();
      for (Catalog c : List.of(a, b)) {
        Callable<Map<String, Table>> task = () -> {
          barrier.await();
          return PosTables.ensureAll(c, NS);
        };
        results.add(pool.submit(task));
      }
      for (Future<Map<String, Table>> f : results) {
        assertEquals(PosTables.ALL.size(), f.get().size());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(PosTables.ALL.size(), a.listTables(NS).size());
  }
}
