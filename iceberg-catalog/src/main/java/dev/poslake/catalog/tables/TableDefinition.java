package dev.poslake.catalog.tables;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;

/**
 * Everything needed to create one of the product's tables: its contract name, layer, schema (with field ids),
 * partition spec, sort order and table properties.
 */
public record TableDefinition(String name, String layer, String doc, Schema schema, PartitionSpec spec,
    SortOrder sortOrder, Map<String, String> properties) {

  /** Properties every table gets; {@code extra} adds to or overrides them. */
  static Map<String, String> properties(Map<String, String> extra) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(TableProperties.FORMAT_VERSION, "2");
    p.put(TableProperties.DEFAULT_FILE_FORMAT, "parquet");
    p.put(TableProperties.PARQUET_COMPRESSION, "zstd");
    // the pipeline commits every few minutes: keep the metadata.json history bounded
    p.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    p.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "100");
    // parallel activities commit to the same tables: retry optimistic-concurrency conflicts
    p.put(TableProperties.COMMIT_NUM_RETRIES, "20");
    p.put(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "5000");
    p.putAll(extra);
    return Map.copyOf(p);
  }

  /** This definition with another partition spec (e.g. that of an existing table created by an older release). */
  public TableDefinition withSpec(PartitionSpec other) {
    return new TableDefinition(name, layer, doc, schema, other, sortOrder, properties);
  }

  public TableIdentifier identifier(Namespace namespace) {
    return TableIdentifier.of(namespace, name);
  }

  /**
   * Loads the table, creating it first if missing, and adds the optional columns a newer release defines
   * ({@link SchemaUpgrade}). Safe when several processes race: whoever loses the creation race loads the winner's
   * table.
   */
  public Table ensure(Catalog catalog, Namespace namespace) {
    TableIdentifier id = identifier(namespace);
    if (catalog.tableExists(id)) {
      return SchemaUpgrade.addMissingColumns(catalog.loadTable(id), schema);
    }
    try {
      Map<String, String> props = new LinkedHashMap<>(properties);
      props.put("comment", doc);
      return catalog.buildTable(id, schema)
          .withPartitionSpec(spec)
          .withSortOrder(sortOrder)
          .withProperties(props)
          .create();
    } catch (AlreadyExistsException raced) {
      return catalog.loadTable(id);
    } catch (RuntimeException e) {
      // some catalogs report a lost creation race with their own exception type
      if (catalog.tableExists(id)) {
        return catalog.loadTable(id);
      }
      throw e;
    }
  }
}
