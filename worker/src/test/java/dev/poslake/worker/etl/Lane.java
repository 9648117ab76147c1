package dev.poslake.worker.etl;

import dev.poslake.activities.env.ObjectStore;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.reference.ReferenceFiles;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.worker.PipelineWorker;
import dev.poslake.worker.TemporalConnection;
import dev.poslake.workflows.etl.EtlOptions;
import dev.poslake.workflows.etl.EtlRunSummary;
import dev.poslake.workflows.etl.EtlWorkflow;
import dev.poslake.workflows.schedule.RunTrigger;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One isolated pipeline on the class's shared stack: its own Kafka topic (8 partitions), bucket (generator state,
 * recount files, reference files, warehouse), Iceberg namespace and Temporal task queue with a started worker.
 * The worker registers the production workflows and, by default, the production activities
 * ({@link PipelineWorker#register}); a test may register its own activity implementations instead.
 */
final class Lane implements AutoCloseable {
  private static final AtomicInteger SEQ = new AtomicInteger();

  final String name;
  final PosConfig config;
  final PipelineResources resources;
  final String taskQueue;
  private final TemporalConnection temporal;
  private final KafkaProducer<String, byte[]> producer;
  private WorkerFactory workers;
  private final AtomicInteger sendFailures = new AtomicInteger();

  private Lane(String name, PosConfig config, PipelineResources resources, TemporalConnection temporal) {
    this.name = name;
    this.config = config;
    this.resources = resources;
    this.taskQueue = config.get(PosSettings.TEMPORAL_TASK_QUEUE);
    this.temporal = temporal;
    this.producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        config.get(PosSettings.KAFKA_BOOTSTRAP_SERVERS), "linger.ms", 0, "acks", "all"),
        new StringSerializer(), new ByteArraySerializer());
  }

  /** A lane with the production worker started and the full seed reference files. */
  static Lane open(PosConfig base, String name) throws Exception {
    return open(base, name, 0, 0, Map.of(), PipelineWorker::register);
  }

  /**
   * @param items 0: the seed item.txt (100,000 items); n: only its first n items (ids 100001..100000+n), so the
   *     generator's full recounts and the item table stay small and the test fast
   * @param physicalStores 0: the seed store.txt (online + store_001); n: store_001..store_00n in store.txt
   * @param register registers workflows and activities on the lane's worker (given the worker and resources)
   */
  static Lane open(PosConfig base, String name, int items, int physicalStores, Map<String, String> overrides,
      Registrar register) throws Exception {
    String id = name + "-" + SEQ.incrementAndGet();
    String topic = "e2e." + id;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", base.get(PosSettings.KAFKA_BOOTSTRAP_SERVERS)))) {
      admin.createTopics(List.of(new NewTopic(topic, 8, (short) 1))).all().get();
    }
    Map<String, String> settings = new java.util.HashMap<>(Map.of(
        PosSettings.KAFKA_TOPIC.key(), topic,
        PosSettings.S3_BUCKET.key(), ("e2e-" + id).toLowerCase(),
        PosSettings.ICEBERG_NAMESPACE.key(), "e2e_" + id.replace('-', '_'),
        PosSettings.TEMPORAL_TASK_QUEUE.key(), "e2e-" + id));
    settings.putAll(overrides);
    PosConfig config = base.with(settings);
    try (var s3 = ObjectStore.client(config)) {
      s3.createBucket(b -> b.bucket(config.get(PosSettings.S3_BUCKET)));
    }
    PipelineResources res = PipelineResources.open(config);
    PosTables.ensureAll(res.catalog(), res.namespace());
    if (items > 0) {
      String[] lines = new String(ReferenceFiles.bundledBytes(ReferenceFiles.ITEM_FILE), StandardCharsets.UTF_8)
          .split("\r?\n");
      String head = String.join("\r\n", java.util.Arrays.copyOf(lines, items + 1)) + "\r\n";
      res.objectStore().put(ReferenceTables.Source.ITEM.key(), head.getBytes(StandardCharsets.UTF_8));
    }
    ReferenceTables.of(res).ensureUploaded(physicalStores);
    Lane lane = new Lane(id, config, res, TemporalConnection.connect(config));
    lane.startWorker(register);
    return lane;
  }

  @FunctionalInterface
  interface Registrar {
    Worker register(WorkerFactory factory, String taskQueue, PipelineResources resources);
  }

  private void startWorker(Registrar register) {
    // the test server has no fallback from a sticky queue whose worker is gone: never use one
    workers = WorkerFactory.newInstance(temporal.client(),
        WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
    register.register(workers, taskQueue, resources);
    workers.start();
  }

  WorkflowClient client() {
    return temporal.client();
  }

  <T> T workflow(Class<T> type, String idPrefix) {
    return client().newWorkflowStub(type, WorkflowOptions.newBuilder()
        .setWorkflowId(idPrefix + "-" + name + "-" + SEQ.incrementAndGet())
        .setTaskQueue(taskQueue)
        .build());
  }

  /** One EtlWorkflow run through Temporal, with the configured options. */
  EtlRunSummary etl() {
    return etl(EtlOptions.from(config));
  }

  EtlRunSummary etl(EtlOptions options) {
    EtlRunSummary s = workflow(EtlWorkflow.class, "etl").run(RunTrigger.manual("e2e test"), options);
    System.out.println("ETL run " + s.workflowId() + ": " + s.totalMillis() + " ms " + s.stepMillis());
    return s;
  }

  // ------------------------------------------------------------------------------------------------ Kafka

  RecordMetadata publish(String key, byte[] value) throws Exception {
    return producer.send(new ProducerRecord<>(resources.topic(), key, value)).get();
  }

  RecordMetadata publish(String key, String value) throws Exception {
    return publish(key, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends without waiting; {@link #flush()} waits for everything sent. */
  void send(String key, byte[] value) {
    producer.send(new ProducerRecord<>(resources.topic(), key, value), (m, e) -> {
      if (e != null) sendFailures.incrementAndGet();
    });
  }

  void send(String key, String value) {
    send(key, value.getBytes(StandardCharsets.UTF_8));
  }

  void flush() {
    producer.flush();
    if (sendFailures.get() > 0) throw new IllegalStateException(sendFailures.get() + " sends failed");
  }

  /** Every record of the topic (key, value, partition, offset), read with a fresh consumer. */
  List<ConsumerRecord<byte[], byte[]>> readTopic() {
    Map<String, Object> p = new java.util.HashMap<>(resources.kafkaProperties());
    p.put("enable.auto.commit", false);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = c.partitionsFor(resources.topic()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      long deadline = System.currentTimeMillis() + 30_000;
      while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.currentTimeMillis() > deadline) throw new IllegalStateException("timed out reading topic");
        c.poll(java.time.Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  long topicRecordCount() {
    Map<String, Object> p = new java.util.HashMap<>(resources.kafkaProperties());
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = c.partitionsFor(resources.topic()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      return c.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  // ------------------------------------------------------------------------------------------------ S3

  void putObject(String key, String content) {
    resources.objectStore().put(key, content.getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------------------------------------ tables

  Table table(String name) {
    Table t = resources.catalog().loadTable(resources.table(name));
    t.refresh();
    return t;
  }

  /** All rows of a table's current snapshot, read with IcebergGenerics. */
  List<Record> rows(String name) {
    Table t = table(name);
    if (t.currentSnapshot() == null) return List.of();
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(t).build()) {
      it.forEach(r -> out.add(r.copy()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  long count(String name) {
    Table t = table(name);
    return t.currentSnapshot() == null ? 0 : TableReader.of(t).count();
  }

  @Override
  public void close() throws Exception {
    if (workers != null) {
      workers.shutdownNow();
      workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    producer.close();
    temporal.close();
    resources.close();
  }
}
