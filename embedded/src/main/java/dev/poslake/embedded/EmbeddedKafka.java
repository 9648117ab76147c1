package dev.poslake.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/** A real single-node KRaft Kafka broker (broker + controller) on 127.0.0.1, log under {@code dir}. */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  public static EmbeddedKafka start(Path dir) throws Exception {
    int[] ports = FreePort.pick(2);
    return start(dir, ports[0], ports[1], 0, null);
  }

  /**
   * On fixed ports: a broker stopped and started again on the same ports and {@code dir} is the same broker to its
   * clients (the fault tests restart one under a running pipeline).
   */
  public static EmbeddedKafka start(Path dir, int port, int controllerPort) throws Exception {
    return start(dir, port, controllerPort, 0, null);
  }

  /**
   * A broker whose clients must use TLS and SASL/SCRAM (SASL_SSL), as MSK or Confluent Cloud require: for tests
   * of the client settings. Brokers talk to each other over a loopback PLAINTEXT listener clients never see.
   *
   * @param keyStore PKCS12 key store with the broker's certificate (for 127.0.0.1), its password for store and key
   */
  public record SaslSsl(Path keyStore, String keyStorePassword, String user, String password) {}

  public static EmbeddedKafka start(Path dir, SaslSsl secure) throws Exception {
    int[] ports = FreePort.pick(3);
    return start(dir, ports[0], ports[1], ports[2], secure);
  }

  /** @param internal the brokers' PLAINTEXT listener next to SASL_SSL (unused without {@code secure}) */
  private static EmbeddedKafka start(Path dir, int port, int controllerPort, int internal, SaslSsl secure)
      throws Exception {
    Path logDir = dir.resolve("log");
    Files.createDirectories(logDir);
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    if (secure == null) {
      p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
      p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    } else {
      p.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",PLAINTEXT://127.0.0.1:" + internal
          + ",CONTROLLER://127.0.0.1:" + controllerPort);
      p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port + ",PLAINTEXT://127.0.0.1:" + internal);
      p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      p.put("sasl.enabled.mechanisms", "SCRAM-SHA-256");
      p.put("listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      p.put("ssl.keystore.type", "PKCS12");
      p.put("ssl.keystore.location", secure.keyStore().toString());
      p.put("ssl.keystore.password", secure.keyStorePassword());
      p.put("ssl.key.password", secure.keyStorePassword());
    }
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("min.insync.replicas", "1");
    p.put("default.replication.factor", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    // the pipeline reads by offset ranges and commits offsets in Iceberg: keep the log for a week
    p.put("log.retention.hours", "168");
    // the log cleaner's key map is allocated whole when the broker starts (128 MB by default, every page zeroed):
    // here it only compacts Kafka's own small internal topics, so 8 MB (about 300,000 keys per pass) is plenty
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 << 20));
    Path props = dir.resolve("server.properties");
    try (var w = Files.newBufferedWriter(props)) {
      p.store(w, "embedded KRaft broker");
    }
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      // once: the cluster id written here must stay for the life of the data dir
      format(props, secure == null ? List.of() : List.of("--add-scram",
          "SCRAM-SHA-256=[name=" + secure.user() + ",password=" + secure.password() + "]"));
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
    server.startup();
    return new EmbeddedKafka(server, "127.0.0.1:" + port);
  }

  /** Formats a new log dir with a fresh cluster id. */
  private static void format(Path props, List<String> extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> a = new java.util.ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c",
        props.toString(), "--ignore-formatted"));
    a.addAll(extra);
    String[] args = a.toArray(String[]::new);
    int rc;
    try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(args, ps);
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the Kafka log dir: " + e.getMessage(), e);
    }
    if (rc != 0) {
      throw new IllegalStateException("cannot format the Kafka log dir: " + out.toString(StandardCharsets.UTF_8));
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
