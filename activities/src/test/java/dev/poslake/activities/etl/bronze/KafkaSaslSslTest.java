package dev.poslake.activities.etl.bronze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.generator.LocalFilePublisher;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.embedded.EmbeddedKafka;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka as MSK or Confluent Cloud run it: TLS with a certificate the JVM does not trust by default, and SASL/SCRAM.
 * The pipeline publishes and ingests through it configured with KAFKA_* environment variables only.
 */
@ExtendWith(PosStackExtension.class)
class KafkaSaslSslTest {

  @Test
  void publishAndIngestThroughSaslSslWithOnlyKafkaEnvVars(PosConfig stack, @TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
    try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"),
        new EmbeddedKafka.SaslSsl(certs.keyStore(), certs.password(), "pos", "scram-secret"))) {
      PosConfig config = configWithEnv(stack, broker, certs, "scram-secret");
      try (PipelineResources resources = PipelineResources.open(config)) {
        PosTables.ensureAll(resources.catalog(), resources.namespace());
        try (Admin admin = Admin.create(resources.kafkaProperties())) {
          admin.createTopics(List.of(new NewTopic(resources.topic(), 2, (short) 1))).all().get();
        }
        Path lines = dir.resolve("messages.txt");
        Files.writeString(lines, "one\ntwo\nthree\n");
        try (LocalFilePublisher publisher = new LocalFilePublisher(resources)) {
          assertEquals(3, publisher.publishRaw(lines, true));
        }
        OffsetPlan plan = new OffsetPlanner(resources).plan(100);
        BronzeIngester ingester = new BronzeIngester(resources);
        plan.ranges().forEach(r -> ingester.ingest(r, ProgressReporter.none()));
        var table = resources.catalog().loadTable(resources.table(RawInventoryChangeTable.NAME));
        assertEquals(3, TableReader.of(table).count());
      }

      // the wrong password is refused by the broker: the pipeline reaches nothing
      try (PipelineResources wrong = PipelineResources.open(configWithEnv(stack, broker, certs, "guessed")
          .with(Map.of(PosSettings.ICEBERG_NAMESPACE.key(), config.get(PosSettings.ICEBERG_NAMESPACE),
              PosSettings.KAFKA_TOPIC.key(), config.get(PosSettings.KAFKA_TOPIC))))) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> new OffsetPlanner(wrong).plan(100));
        assertTrue(String.valueOf(rootMessage(e)).toLowerCase().contains("authentication"), rootMessage(e));
      }
    }
  }

  /** The stack's S3 and catalog, a fresh namespace, and Kafka configured as a user would: env vars only. */
  private static PosConfig configWithEnv(PosConfig stack, EmbeddedKafka broker, TestCertificates certs,
      String password) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
    env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-256");
    env.put("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required "
        + "username=\"pos\" password=\"" + password + "\";");
    env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", certs.trustStore().toString());
    env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", certs.password());
    env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
    Map<String, String> explicit = new HashMap<>();
    for (var s : List.of(PosSettings.S3_ENDPOINT, PosSettings.S3_ACCESS_KEY_ID, PosSettings.S3_SECRET_ACCESS_KEY,
        PosSettings.TEMPORAL_ADDRESS, PosSettings.DATA_DIR)) {
      explicit.put(s.key(), stack.get(s));
    }
    explicit.put(PosSettings.ICEBERG_NAMESPACE.key(), "sasl_" + Long.toHexString(System.nanoTime()));
    explicit.put(PosSettings.KAFKA_TOPIC.key(), "pos.sasl." + Long.toHexString(System.nanoTime()));
    return PosConfig.load(null, env, explicit);
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) c = c.getCause();
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }
}
