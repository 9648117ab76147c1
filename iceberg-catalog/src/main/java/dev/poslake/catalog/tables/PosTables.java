package dev.poslake.catalog.tables;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;

/** The registry of the product's tables (names are contract: other engines query them by name). */
public final class PosTables {
  private PosTables() {}

  public static final List<TableDefinition> ALL = List.of(
      RawInventoryChangeTable.DEFINITION,
      StoreTable.DEFINITION,
      ItemTable.DEFINITION,
      InventoryChangeTypeTable.DEFINITION,
      InventoryChangeTable.DEFINITION,
      InventorySnapshotTable.DEFINITION,
      LatestInventorySnapshotTable.DEFINITION,
      CurrentInventoryTable.DEFINITION,
      RejectedInventoryChangeTable.DEFINITION,
      RejectedSnapshotRowTable.DEFINITION,
      PipelineRunsTable.DEFINITION,
      IngestedSnapshotFileTable.DEFINITION);

  public static TableDefinition byName(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no table named " + name));
  }

  /** Creates the namespace if missing. Safe against concurrent creation. */
  public static void ensureNamespace(Catalog catalog, Namespace namespace) {
    if (catalog instanceof SupportsNamespaces ns && !ns.namespaceExists(namespace)) {
      try {
        ns.createNamespace(namespace);
      } catch (AlreadyExistsException raced) {
        // another process created it first
      } catch (RuntimeException e) {
        if (!ns.namespaceExists(namespace)) throw e;
      }
    }
  }

  /**
   * Creates the namespace and every missing table; loads existing ones unchanged. Idempotent and safe when
   * two processes run it at the same time. Returns the tables by name, in registry order.
   */
  public static Map<String, Table> ensureAll(Catalog catalog, Namespace namespace) {
    ensureNamespace(catalog, namespace);
    Map<String, Table> tables = new LinkedHashMap<>();
    for (TableDefinition t : ALL) {
      tables.put(t.name(), t.ensure(catalog, namespace));
    }
    return tables;
  }
}
