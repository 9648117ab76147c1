package dev.poslake.activities.env;

import dev.poslake.catalog.CatalogFactory;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import java.io.Closeable;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The long-lived clients every activity uses (object store, Iceberg catalog, Kafka client settings), built
 * once per worker from the configuration. Activities keep no other state between calls.
 */
public final class PipelineResources implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineResources.class);
  /** Reported once per process, not per client. */
  private static final AtomicBoolean IGNORED_REPORTED = new AtomicBoolean();
  private final PosConfig config;
  private final ObjectStore objectStore;
  private final Catalog catalog;
  private final Namespace namespace;
  /** Tables read and written in another namespace than {@link #namespace} (a rebuild's staging tables). */
  private final Map<String, Namespace> redirects;
  /** False for a {@link #redirected} view: the clients belong to the resources it was made from. */
  private final boolean ownsClients;

  private PipelineResources(PosConfig config, ObjectStore objectStore, Catalog catalog,
      Map<String, Namespace> redirects, boolean ownsClients) {
    this.config = config;
    this.objectStore = objectStore;
    this.catalog = catalog;
    this.namespace = Namespace.of(config.get(PosSettings.ICEBERG_NAMESPACE));
    this.redirects = Map.copyOf(redirects);
    this.ownsClients = ownsClients;
  }

  public static PipelineResources open(PosConfig config) {
    List<String> ignored = KafkaClientSettings.ignored(config);
    if (!ignored.isEmpty() && IGNORED_REPORTED.compareAndSet(false, true)) {
      LOG.warn("ignoring {}: not Kafka client settings (KAFKA_<NAME> env vars are read as the client setting "
          + "<name>; on Kubernetes, set enableServiceLinks: false)", String.join(", ", ignored));
    }
    ObjectStore store = ObjectStore.open(config);
    Catalog catalog = CatalogFactory.open(config);
    return new PipelineResources(config, store, catalog, Map.of(), true);
  }

  /**
   * The same clients, with the named tables read and written in {@code staging} instead: how a rebuild runs the
   * ETL's own code into staging tables while every other table (bronze, reference data) stays the pipeline's.
   * Closing the view closes nothing.
   */
  public PipelineResources redirected(Namespace staging, java.util.Collection<String> tableNames) {
    Map<String, Namespace> r = new HashMap<>(redirects);
    for (String name : tableNames) r.put(name, staging);
    return new PipelineResources(config, objectStore, catalog, r, false);
  }

  public PosConfig config() { return config; }
  public ObjectStore objectStore() { return objectStore; }
  public Catalog catalog() { return catalog; }
  public Namespace namespace() { return namespace; }

  public TableIdentifier table(String name) {
    return TableIdentifier.of(namespaceOf(name), name);
  }

  /** The namespace the table lives in for these resources: {@link #namespace} unless redirected. */
  public Namespace namespaceOf(String tableName) {
    return redirects.getOrDefault(tableName, namespace);
  }

  public String topic() {
    return config.get(PosSettings.KAFKA_TOPIC);
  }

  /**
   * Common Kafka client properties: bootstrap servers plus the user's KAFKA_* pass-through settings that are Kafka
   * client settings ({@link KafkaClientSettings}).
   */
  public Map<String, Object> kafkaProperties() {
    Map<String, Object> p = new HashMap<>(KafkaClientSettings.known(config));
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.get(PosSettings.KAFKA_BOOTSTRAP_SERVERS));
    return p;
  }

  @Override
  public void close() throws IOException {
    if (!ownsClients) return;
    objectStore.close();
    if (catalog instanceof Closeable c) {
      c.close();
    }
  }
}
