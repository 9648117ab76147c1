package dev.poslake.activities.rebuild;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.catalog.tables.PosTables;
import java.util.List;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rebuild's staging tables: empty tables with the pipeline's definitions in a namespace of their own, which the
 * ETL's own code fills when its resources are {@link PipelineResources#redirected redirected} there.
 */
final class StagingTables {
  private static final Logger LOG = LoggerFactory.getLogger(StagingTables.class);

  private StagingTables() {}

  /** Creates the namespace and the tables if missing (a retried preparation keeps what it created). */
  static void create(PipelineResources resources, Namespace staging, List<String> tables) {
    PosTables.ensureNamespace(resources.catalog(), staging);
    for (String t : tables) PosTables.byName(t).ensure(resources.catalog(), staging);
  }

  /**
   * Drops the staging tables and their namespace. {@code purge}: also delete their files, only for a rebuild
   * that published nothing (published tables refer to those files).
   */
  static void drop(PipelineResources resources, Namespace staging, boolean purge) {
    if (!(resources.catalog() instanceof SupportsNamespaces ns) || !ns.namespaceExists(staging)) return;
    for (TableIdentifier id : resources.catalog().listTables(staging)) {
      resources.catalog().dropTable(id, purge);
    }
    ns.dropNamespace(staging);
    LOG.info("dropped staging namespace {}{}", staging, purge ? " and its files" : "");
  }

  /** The staging namespaces this pipeline's earlier rebuilds left (their rebuild ids). */
  static List<String> leftovers(PipelineResources resources) {
    if (!(resources.catalog() instanceof SupportsNamespaces ns)) return List.of();
    return ns.listNamespaces().stream()
        .map(n -> RebuildNames.rebuildIdOf(resources.namespace(), n))
        .filter(id -> id != null).toList();
  }
}
