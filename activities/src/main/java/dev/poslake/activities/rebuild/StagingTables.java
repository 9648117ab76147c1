package dev.poslake.activities.rebuild;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.catalog.tables.TableDefinition;
import java.util.List;
import java.util.Map;
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

  /**
   * Creates the namespace and the tables if missing (a retried preparation keeps what it created). A staging table
   * takes the partition spec of the pipeline's table where that exists: the stage step moves the staging table's
   * files onto it, and a file's partition is only meaningful under its own spec (gold created by an older release
   * is partitioned by identity(store_id), a new one by bucket(64, store_id)).
   */
  static void create(PipelineResources resources, Namespace staging, List<String> tables) {
    PosTables.ensureNamespace(resources.catalog(), staging);
    for (String t : tables) {
      TableDefinition definition = PosTables.byName(t);
      TableIdentifier real = definition.identifier(resources.namespaceOf(t));
      if (resources.catalog().tableExists(real)) {
        definition = definition.withSpec(resources.catalog().loadTable(real).spec());
      }
      definition.ensure(resources.catalog(), staging);
    }
  }

  /** Set on the staging namespace before the first file goes onto a branch: its files may be in use from then on. */
  static final String STAGED = "pos.rebuild.staged";
  /** Set before the first table's main moves: from then on the rebuild only ever rolls forward. */
  static final String PUBLISHING = "pos.rebuild.publishing";

  /** Records a milestone on the staging namespace, durably (the catalog), before acting on it. */
  static void mark(PipelineResources resources, Namespace staging, String milestone) {
    if (resources.catalog() instanceof SupportsNamespaces ns && ns.namespaceExists(staging)) {
      ns.setProperties(staging, Map.of(milestone, "true"));
    }
  }

  /** Whether the milestone was recorded (an absent namespace has none). */
  static boolean marked(PipelineResources resources, Namespace staging, String milestone) {
    if (!(resources.catalog() instanceof SupportsNamespaces ns) || !ns.namespaceExists(staging)) return false;
    return "true".equals(ns.loadNamespaceMetadata(staging).get(milestone));
  }

  /**
   * Drops the staging tables and their namespace, with their files only if nothing was ever staged from them
   * (once staged, a branch or main may refer to those files; unreferenced ones are then left, never deleted).
   */
  static void drop(PipelineResources resources, Namespace staging) {
    if (!(resources.catalog() instanceof SupportsNamespaces ns) || !ns.namespaceExists(staging)) return;
    boolean purge = !marked(resources, staging, STAGED);
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
