package dev.poslake.activities.etl.support;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.bronze.BronzeIngester;
import dev.poslake.activities.etl.bronze.BronzeResult;
import dev.poslake.activities.etl.bronze.OffsetPlanner;
import dev.poslake.activities.etl.bronze.PartitionRange;
import dev.poslake.activities.env.ProgressReporter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One isolated pipeline per test on the shared stack: its own Kafka topic (8 partitions) and Iceberg namespace,
 * so test methods of a class do not see each other's data.
 */
public final class EtlFixture implements AutoCloseable {
  private static final AtomicInteger SEQ = new AtomicInteger();

  public final PipelineResources resources;
  public final String topic;
  private final KafkaProducer<String, byte[]> producer;

  private EtlFixture(PipelineResources resources, String topic) {
    this.resources = resources;
    this.topic = topic;
    this.producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        resources.config().get(PosSettings.KAFKA_BOOTSTRAP_SERVERS), "linger.ms", 0, "acks", "all"),
        new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * New topic + namespace; tables created; the seed reference files uploaded when {@code reference} (silver
   * validates against the files; the reference tables themselves are not needed, so not loaded: it is slow).
   */
  public static EtlFixture create(PosConfig base, boolean reference) throws Exception {
    int n = SEQ.incrementAndGet();
    String topic = "etl.test." + n + "." + System.nanoTime();
    String bootstrap = base.get(PosSettings.KAFKA_BOOTSTRAP_SERVERS);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 8, (short) 1))).all().get();
    }
    PosConfig config = base.with(Map.of(PosSettings.KAFKA_TOPIC.key(), topic,
        PosSettings.ICEBERG_NAMESPACE.key(), "t" + n));
    PipelineResources res = PipelineResources.open(config);
    PosTables.ensureAll(res.catalog(), res.namespace());
    if (reference) {
      ReferenceTables.of(res).ensureUploaded(0);
    }
    return new EtlFixture(res, topic);
  }

  /** Plans and ingests every partition's range in parallel (like the workflow does). */
  public void bronze() throws Exception {
    BronzeIngester in = new BronzeIngester(resources);
    List<PartitionRange> ranges = new OffsetPlanner(resources).plan(100_000).ranges();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, ranges.size()));
    try {
      List<Future<BronzeResult>> results = new ArrayList<>();
      for (PartitionRange r : ranges) results.add(pool.submit(() -> in.ingest(r, ProgressReporter.none())));
      for (Future<BronzeResult> f : results) f.get();
    } finally {
      pool.shutdown();
    }
  }

  public Table table(String name) {
    return resources.catalog().loadTable(resources.table(name));
  }

  public List<Record> rows(String name) {
    return TableReader.readAll(table(name));
  }

  /** Sends and waits; returns the offset. */
  public long send(int partition, String key, byte[] value) throws Exception {
    RecordMetadata m = producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
    return m.offset();
  }

  public long send(int partition, String key, String value) throws Exception {
    return send(partition, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code count} small records to a partition, values "p<partition>-<i>". */
  public List<Long> sendMany(int partition, int count) throws Exception {
    List<java.util.concurrent.Future<RecordMetadata>> fs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      fs.add(producer.send(new ProducerRecord<>(topic, partition, "k" + i,
          ("p" + partition + "-" + i).getBytes(StandardCharsets.UTF_8))));
    }
    List<Long> offsets = new ArrayList<>();
    for (var f : fs) offsets.add(f.get().offset());
    return offsets;
  }

  /** A valid change message. */
  public static String message(String transId, int storeId, int changeType, String dateTime, int[][] items,
      Integer part, Integer parts) {
    StringBuilder b = new StringBuilder("{\"date_time\":\"").append(dateTime).append("\",\"trans_id\":\"")
        .append(transId).append("\",\"store_id\":").append(storeId).append(",\"change_type_id\":")
        .append(changeType).append(",\"items\":[");
    for (int i = 0; i < items.length; i++) {
      if (i > 0) b.append(',');
      b.append("{\"item_id\":").append(items[i][0]).append(",\"quantity\":").append(items[i][1]).append('}');
    }
    b.append(']');
    if (part != null) b.append(",\"part\":").append(part).append(",\"parts\":").append(parts);
    return b.append('}').toString();
  }

  @Override
  public void close() throws Exception {
    producer.close();
    resources.close();
  }
}
