package dev.poslake.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.bronze.BronzeIngester;
import dev.poslake.activities.etl.bronze.OffsetPlanner;
import dev.poslake.activities.etl.bronze.PartitionRange;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.testing.PosStackExtension;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The lag gauges and the probe failure counter as Prometheus scrapes them, on a real Kafka and Iceberg. */
@ExtendWith(PosStackExtension.class)
class LagProbeTest {

  /** The sample value of {@code name} with these labels in the scrape, or null if there is none. */
  static Double sample(String scrape, String name, Map<String, String> labels) {
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(scrape);
    while (m.find()) {
      String l = m.group(1);
      if (labels.entrySet().stream().allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
        return Double.valueOf(m.group(2));
      }
    }
    return null;
  }

  private static Double lag(PipelineMetrics metrics, String topic, int partition) {
    return sample(metrics.scrape(), "pos_kafka_lag_records", Map.of("topic", topic, "partition",
        String.valueOf(partition)));
  }

  @Test
  void aPartitionThatCaughtUpReadsZeroAndEveryPartitionIsReported(PosConfig config) throws Exception {
    String topic = "lag.probe." + System.nanoTime();
    String bootstrap = config.get(PosSettings.KAFKA_BOOTSTRAP_SERVERS);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 8, (short) 1))).all().get();
    }
    try (PipelineResources res = PipelineResources.open(config.with(Map.of(PosSettings.KAFKA_TOPIC.key(), topic,
            PosSettings.ICEBERG_NAMESPACE.key(), "lagprobe")));
         PipelineMetrics metrics = new PipelineMetrics();
         KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
             new ByteArraySerializer(), new ByteArraySerializer())) {
      PosTables.ensureAll(res.catalog(), res.namespace());
      for (int i = 0; i < 5; i++) producer.send(new ProducerRecord<>(topic, 3, null, new byte[] {(byte) i})).get();
      LagProbe probe = new LagProbe(res, metrics);

      probe.measure();
      assertEquals(5.0, lag(metrics, topic, 3), metrics.scrape());

      // the ETL catches up: bronze commits partition 3's records
      BronzeIngester bronze = new BronzeIngester(res);
      for (PartitionRange r : new OffsetPlanner(res).plan(1000).ranges()) bronze.ingest(r, ProgressReporter.none());

      probe.measure();
      assertEquals(0.0, lag(metrics, topic, 3), "caught up\n" + metrics.scrape());
      assertEquals(0L, probe.last().kafkaLag());
      for (int p = 0; p < 8; p++) {
        assertEquals(0.0, lag(metrics, topic, p), "partition " + p + " has no lag and is reported as such\n"
            + metrics.scrape());
        assertEquals(0L, probe.last().kafkaLagByPartition().get(p), "partition " + p);
      }
    }
  }

  @Test
  void aFailingProbeCountsEveryFailureAndWarnsOnce(PosConfig config) throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(LagProbe.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    // a namespace without the pipeline's tables: every measurement fails (as with a dead catalog)
    try (PipelineResources res = PipelineResources.open(config.with(Map.of(PosSettings.ICEBERG_NAMESPACE.key(),
            "no_tables_here")));
         PipelineMetrics metrics = new PipelineMetrics()) {
      LagProbe probe = new LagProbe(res, metrics);
      probe.measure();
      probe.measure();
      probe.measure();

      String scrape = metrics.scrape();
      assertEquals(3.0, sample(scrape, "pos_probe_failures_total", Map.of("probe", "kafka_lag")), scrape);
      assertEquals(3.0, sample(scrape, "pos_probe_failures_total", Map.of("probe", "gold_freshness")), scrape);
      List<ILoggingEvent> kafkaWarnings = logged.list.stream()
          .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().startsWith("Kafka lag probe failed"))
          .toList();
      assertEquals(1, kafkaWarnings.size(), "one WARN, the repeats within a minute only counted: " + logged.list);
      assertTrue(kafkaWarnings.get(0).getFormattedMessage().contains("no_tables_here"),
          kafkaWarnings.get(0).getFormattedMessage());
    } finally {
      log.detachAppender(logged);
    }
  }
}
