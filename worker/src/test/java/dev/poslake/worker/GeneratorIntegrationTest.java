package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.activities.env.ObjectStore;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.generator.GenerateRequest;
import dev.poslake.activities.generator.GenerateResult;
import dev.poslake.activities.generator.GeneratorRun;
import dev.poslake.activities.generator.GeneratorState;
import dev.poslake.activities.generator.GeneratorStores;
import dev.poslake.activities.generator.GroundTruth;
import dev.poslake.activities.generator.KafkaMessagePublisher;
import dev.poslake.activities.generator.MessagePublisher;
import dev.poslake.activities.generator.ObjectStoreSnapshotWriter;
import dev.poslake.activities.generator.ObjectStoreStateRepository;
import dev.poslake.activities.generator.PosProducer;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.generator.RecountEvent;
import dev.poslake.activities.generator.RunStats;
import dev.poslake.activities.generator.Simulation;
import dev.poslake.activities.generator.SimulationSink;
import dev.poslake.activities.contracts.RecountFileKey;
import dev.poslake.activities.generator.StateRepository;
import dev.poslake.activities.generator.TransactionMessage;
import dev.poslake.activities.reference.ChangeType;
import dev.poslake.activities.reference.ReferenceData;
import dev.poslake.activities.reference.ReferenceFiles;
import dev.poslake.activities.reference.Store;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.workflows.generator.GeneratorOptions;
import dev.poslake.workflows.generator.GeneratorWorkflow;
import dev.poslake.workflows.schedule.RunTrigger;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The generator against the real embedded stack (Kafka broker, s3proxy, Temporal test server): what lands on
 * the topic and in the bucket, adjacency of consecutive runs, retries, and the ground truth. The generator's
 * logic is unit-tested with in-memory seams in the activities module; here everything goes over the wire.
 */
@ExtendWith(PosStackExtension.class)
class GeneratorIntegrationTest {
  static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
  static final int TX_PER_HOUR = 1200;
  static final int SIM_MINUTES = 30;
  static final int MAX_BYTES = 256 * 1024;
  static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  static final Pattern UUID_TEXT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  static final Pattern SNAPSHOT_KEY =
      Pattern.compile("inventory_snapshots/inventory_snapshot_(\\d+)_(\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2})\\.csv");
  static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss").withZone(ZoneOffset.UTC);
  static final ObjectMapper JSON = new ObjectMapper();

  static PipelineResources resources;
  static TemporalConnection temporal;
  static String taskQueue;
  static WorkerFactory workers;
  static KafkaTopics kafka;
  static ReferenceData reference;
  static long seed;

  @BeforeAll
  static void start(PosConfig config) throws Exception {
    // the pieces of PosRuntime this test needs (no Iceberg tables): the bucket and Kafka clients, Temporal
    resources = PipelineResources.open(config);
    temporal = TemporalConnection.connect(config);
    // the embedded test server has no fallback from a sticky queue: no workflow cache (as PosRuntime does)
    workers = WorkerFactory.newInstance(temporal.client(),
        WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
    taskQueue = config.get(PosSettings.TEMPORAL_TASK_QUEUE);
    PipelineWorker.register(workers, taskQueue, resources);
    workers.start();
    kafka = new KafkaTopics(resources.kafkaProperties());
    reference = ReferenceFiles.loadBundled(); // what the workflow uploads when the bucket has no reference files
    seed = seedWithBulkRestock();
  }

  @AfterAll
  static void stop() throws Exception {
    if (workers != null) {
      workers.shutdownNow();
      workers.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (temporal != null) temporal.close();
    if (resources != null) resources.close();
  }

  /**
   * A seed whose first 30 simulated minutes contain a bulk restock (~10k lines, > 256 KB), so the split path is
   * exercised for real. Found with the pure simulation, so it stays valid if the simulation's draws change.
   */
  static long seedWithBulkRestock() {
    int[] stores = GeneratorStores.ids(GeneratorStores.resolve(reference, 0));
    SimulationSink ignore = new SimulationSink() {
      @Override public void transaction(TransactionMessage m) {}
      @Override public void recount(RecountEvent r) {}
    };
    for (long s = 1; s <= 300; s++) {
      Simulation sim = new Simulation(reference, s, TX_PER_HOUR);
      GeneratorState state = sim.initialState(stores, START, 0);
      RunStats stats = sim.advance(state, START.plus(Duration.ofMinutes(SIM_MINUTES)), ignore);
      if (stats.bulkRestocks() > 0) return s;
    }
    return fail("no seed in 1..300 has a bulk restock in the first run; raise TX_PER_HOUR");
  }

  // ------------------------------------------------------------------------------------------ via Temporal

  @Test
  void twoWorkflowRunsPublishWellFormedAdjacentRunsRecountsAndMatchTheGroundTruth() throws Exception {
    String topic = resources.topic();
    ObjectStore bucket = resources.objectStore();
    GeneratorOptions options = new GeneratorOptions(10, TX_PER_HOUR, seed, 0, SIM_MINUTES, START.toEpochMilli());

    Map<TopicPartition, Long> before = kafka.endOffsets(topic);
    GenerateResult r1 = runWorkflow("gen-it-1", options);
    Map<TopicPartition, Long> afterFirst = kafka.endOffsets(topic);
    GenerateResult r2 = runWorkflow("gen-it-2", options);
    Map<TopicPartition, Long> afterSecond = kafka.endOffsets(topic);

    // adjacent simulated intervals: no gap, no overlap
    Instant mid = START.plus(Duration.ofMinutes(SIM_MINUTES));
    Instant end = mid.plus(Duration.ofMinutes(SIM_MINUTES));
    assertEquals(START.toString(), r1.intervalStart());
    assertEquals(mid.toString(), r1.intervalEnd());
    assertEquals(r1.intervalEnd(), r2.intervalStart());
    assertEquals(end.toString(), r2.intervalEnd());
    assertEquals(List.of(1L, 2L), List.of(r1.runSequence(), r2.runSequence()));
    assertTrue(r1.bulkRestocks() > 0, "seed " + seed + " was chosen for its bulk restock");

    List<ConsumerRecord<String, byte[]>> first = kafka.read(topic, before, afterFirst);
    List<ConsumerRecord<String, byte[]>> second = kafka.read(topic, afterFirst, afterSecond);
    assertEquals(r1.messages(), first.size());
    assertEquals(r2.messages(), second.size());
    assertTrue(first.size() > 500, "a few hundred transactions per run: " + first.size());

    Map<String, List<Message>> run1 = checkMessages(first, START, mid, r1);
    Map<String, List<Message>> run2 = checkMessages(second, mid, end, r2);
    Set<String> overlap = new HashSet<>(run1.keySet());
    overlap.retainAll(run2.keySet());
    assertEquals(Set.of(), overlap, "a transaction published by both runs");
    assertTrue(run1.values().stream().anyMatch(parts -> parts.stream().anyMatch(m -> m.parts > 1)),
        "the bulk restock of run 1 was split into parts");

    // the initial recount: one file per store at START, none in the second run
    assertEquals(2, r1.recountFiles());
    assertEquals(0, r2.recountFiles());
    List<String> keys = bucket.list(RecountFileKey.PREFIX).map(o -> o.key()).toList();
    Set<Integer> storeIds = new TreeSet<>();
    reference.stores().forEach(s -> storeIds.add(s.storeId()));
    Set<String> expectedKeys = new TreeSet<>();
    storeIds.forEach(s -> expectedKeys.add(
        "inventory_snapshots/inventory_snapshot_" + s + "_" + KEY_TIME.format(START) + ".csv"));
    assertEquals(expectedKeys, new TreeSet<>(keys));
    Map<Long, Long> stock = new HashMap<>();
    for (String key : keys) {
      readRecount(bucket, key, stock);
    }
    assertEquals(storeIds.size() * 100_000L, stock.size());

    // ground truth = initial recount + every published change, except the online store's BOPIS rows
    for (Map<String, List<Message>> run : List.of(run1, run2)) {
      for (List<Message> messages : run.values()) {
        for (Message m : messages) {
          if (m.storeId == Store.ONLINE_STORE_ID && m.changeType == ChangeType.BOPIS) continue;
          for (int[] line : m.lines) {
            stock.merge(pair(m.storeId, line[0]), (long) line[1], Long::sum);
          }
        }
      }
    }
    GeneratorState truth = GroundTruth.load(bucket).orElseThrow();
    assertEquals(end, truth.clock());
    long[] compared = {0};
    List<String> wrong = new ArrayList<>();
    truth.forEachTrueStock((store, item, quantity) -> {
      compared[0]++;
      Long expected = stock.get(pair(store, item));
      if (expected == null || expected != quantity) {
        if (wrong.size() < 10) wrong.add(store + "/" + item + ": true " + quantity + ", recount+changes " + expected);
      }
    });
    assertEquals(List.of(), wrong);
    assertEquals(stock.size(), compared[0]);
  }

  private GenerateResult runWorkflow(String workflowId, GeneratorOptions options) {
    GeneratorWorkflow wf = temporal.client().newWorkflowStub(GeneratorWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(taskQueue)
            .setWorkflowExecutionTimeout(Duration.ofMinutes(2))
            .build());
    return wf.run(RunTrigger.manual("GeneratorIntegrationTest"), options);
  }

  /** One Kafka record, decoded. */
  record Message(String transId, int storeId, int changeType, Instant time, int part, int parts, int partition,
      List<int[]> lines) {}

  /**
   * Checks every record's bytes against the SPEC's contract and returns them by trans_id. Checks: exact field
   * names and order, types, date_time with ms and Z inside [from, to), trans_id a lower-case UUID without
   * braces and equal to the key, at most 256 KB, quantities signed by change type, parts complete and together.
   */
  private Map<String, List<Message>> checkMessages(List<ConsumerRecord<String, byte[]>> records, Instant from,
      Instant to, GenerateResult result) throws Exception {
    Set<Integer> itemIds = new HashSet<>();
    reference.items().forEach(i -> itemIds.add(i.itemId()));
    Set<Integer> storeIds = new HashSet<>();
    reference.stores().forEach(s -> storeIds.add(s.storeId()));
    Map<String, List<Message>> byTrans = new TreeMap<>();
    long lines = 0;
    for (ConsumerRecord<String, byte[]> r : records) {
      String where = "record " + r.partition() + "/" + r.offset();
      assertTrue(r.value().length <= MAX_BYTES, where + " is " + r.value().length + " bytes");
      JsonNode n = JSON.readTree(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(r.value()))
          .toString());
      List<String> fields = new ArrayList<>();
      n.fieldNames().forEachRemaining(fields::add);
      boolean split = n.has("part");
      assertEquals(split ? List.of("date_time", "trans_id", "store_id", "change_type_id", "part", "parts", "items")
          : List.of("date_time", "trans_id", "store_id", "change_type_id", "items"), fields, where);
      assertTrue(n.get("date_time").isTextual() && DATE_TIME.matcher(n.get("date_time").textValue()).matches(),
          where + " date_time " + n.get("date_time"));
      Instant time = Instant.parse(n.get("date_time").textValue());
      assertTrue(!time.isBefore(from) && time.isBefore(to), where + " date_time " + time + " outside the run");
      String transId = n.get("trans_id").textValue();
      assertTrue(transId != null && UUID_TEXT.matcher(transId).matches(), where + " trans_id " + transId);
      assertEquals(transId, r.key(), where + " key");
      assertTrue(n.get("store_id").isInt() && storeIds.contains(n.get("store_id").intValue()), where);
      int type = n.get("change_type_id").intValue();
      assertTrue(n.get("change_type_id").isInt() && Set.of(1, 2, 3, 4).contains(type), where + " type " + type);
      int part = 0;
      int parts = 1;
      if (split) {
        assertTrue(n.get("part").isInt() && n.get("parts").isInt(), where);
        part = n.get("part").intValue();
        parts = n.get("parts").intValue();
        assertTrue(parts >= 2 && part >= 0 && part < parts, where + " part " + part + "/" + parts);
      }
      assertTrue(n.get("items").isArray() && n.get("items").size() > 0, where + " items");
      List<int[]> itemLines = new ArrayList<>();
      for (JsonNode l : n.get("items")) {
        List<String> lf = new ArrayList<>();
        l.fieldNames().forEachRemaining(lf::add);
        assertEquals(List.of("item_id", "quantity"), lf, where);
        assertTrue(l.get("item_id").isInt() && itemIds.contains(l.get("item_id").intValue()), where + " " + l);
        assertTrue(l.get("quantity").isInt(), where + " " + l);
        int q = l.get("quantity").intValue();
        assertTrue(type == ChangeType.RESTOCK ? q > 0 : q < 0, where + " type " + type + " quantity " + q);
        itemLines.add(new int[] {l.get("item_id").intValue(), q});
      }
      lines += itemLines.size();
      byTrans.computeIfAbsent(transId, k -> new ArrayList<>()).add(new Message(transId,
          n.get("store_id").intValue(), type, time, part, parts, r.partition(), itemLines));
    }
    assertEquals(result.lines(), lines);
    assertEquals(result.transactions(), byTrans.size());
    for (List<Message> ms : byTrans.values()) {
      Map<Integer, List<Message>> byStore = new TreeMap<>();
      ms.forEach(m -> byStore.computeIfAbsent(m.storeId, k -> new ArrayList<>()).add(m));
      Message first = ms.get(0);
      for (Message m : ms) {
        assertEquals(first.time, m.time, first.transId);
        assertEquals(first.changeType, m.changeType, first.transId);
        assertEquals(first.partition, m.partition, first.transId + ": all its records in one partition");
      }
      if (first.changeType == ChangeType.BOPIS) {
        assertEquals(2, byStore.size(), first.transId + ": BOPIS is emitted by store 0 and the fulfilling store");
        assertTrue(byStore.containsKey(Store.ONLINE_STORE_ID), first.transId);
      } else {
        assertEquals(1, byStore.size(), first.transId);
      }
      for (List<Message> one : byStore.values()) {
        int n = one.get(0).parts;
        assertEquals(n, one.size(), first.transId + ": every part once");
        Set<Integer> seen = new TreeSet<>();
        for (Message m : one) {
          assertEquals(n, m.parts, first.transId);
          seen.add(m.part);
        }
        assertEquals(n, seen.size(), first.transId + ": parts 0.." + (n - 1));
      }
    }
    return byTrans;
  }

  /** Checks a recount file's name, header and rows; adds its quantities to {@code stock}. */
  private static void readRecount(ObjectStore bucket, String key, Map<Long, Long> stock) throws Exception {
    Matcher k = SNAPSHOT_KEY.matcher(key);
    assertTrue(k.matches(), key);
    int storeId = Integer.parseInt(k.group(1));
    String time = CSV_TIME.format(KEY_TIME.parse(k.group(2), Instant::from));
    Set<Integer> items = new HashSet<>();
    reference.items().forEach(i -> items.add(i.itemId()));
    int rows = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(bucket.open(key), StandardCharsets.UTF_8))) {
      assertEquals("item_id,employee_id,store_id,date_time,quantity", in.readLine(), key);
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split(",", -1);
        assertEquals(5, f.length, key + ": " + line);
        int item = Integer.parseInt(f[0]);
        assertTrue(items.remove(item), key + ": unknown or repeated item " + item);
        Integer.parseInt(f[1]);
        assertEquals(storeId, Integer.parseInt(f[2]), key + ": " + line);
        assertEquals(time, f[3], key + ": " + line);
        long q = Long.parseLong(f[4]);
        assertTrue(q >= 0, key + ": " + line);
        stock.put(pair(storeId, item), q);
        rows++;
      }
    }
    assertEquals(100_000, rows, key);
    assertEquals(Set.of(), items, key + ": items without a row");
  }

  private static long pair(int store, int item) {
    return (long) store << 32 | (item & 0xFFFFFFFFL);
  }

  // ------------------------------------------------------------------------------------------ retries

  /**
   * A run that crashed after publishing but before saving its state is retried with the same request: the
   * retry publishes byte-identical records (same trans_ids) and rewrites identical recount files; once the
   * state is saved, a further retry publishes nothing. Real Kafka publisher and S3 writer, own bucket and topic.
   */
  @Test
  void aRetriedRunRepublishesIdenticalTransactions() throws Exception {
    ObjectStore store = bucket("retry-it");
    String topic = "retry-it";
    kafka.create(topic, 8);
    boolean[] crash = {true};
    StateRepository saved = new ObjectStoreStateRepository(store);
    StateRepository crashing = new StateRepository() {
      @Override public Optional<GeneratorState> load() { return saved.load(); }

      @Override public void save(GeneratorState state) {
        if (crash[0]) throw new IllegalStateException("simulated crash before the state save");
        saved.save(state);
      }
    };
    GenerateRequest request = request("retry-it/1", SIM_MINUTES);

    Map<TopicPartition, Long> o0 = kafka.endOffsets(topic);
    assertThrows(IllegalStateException.class, () -> generate(crashing, store, topic, request));
    Map<TopicPartition, Long> o1 = kafka.endOffsets(topic);
    assertTrue(GroundTruth.load(store).isEmpty(), "no state saved by the crashed run");
    Map<String, String> etags = new TreeMap<>();
    store.list(RecountFileKey.PREFIX).forEach(o -> etags.put(o.key(), o.eTag()));
    assertEquals(2, etags.size());

    crash[0] = false;
    GenerateResult retried = generate(crashing, store, topic, request);
    Map<TopicPartition, Long> o2 = kafka.endOffsets(topic);
    List<ConsumerRecord<String, byte[]>> crashed = kafka.read(topic, o0, o1);
    List<ConsumerRecord<String, byte[]>> again = kafka.read(topic, o1, o2);
    assertEquals(retried.messages(), again.size());
    assertTrue(again.size() > 500);
    assertSameRecords(crashed, again);
    Map<String, String> etagsAfter = new TreeMap<>();
    store.list(RecountFileKey.PREFIX).forEach(o -> etagsAfter.put(o.key(), o.eTag()));
    assertEquals(etags, etagsAfter, "the retry rewrote identical recount files");

    // the run is committed now: the same request returns its summary and publishes nothing
    assertEquals(retried, generate(crashing, store, topic, request));
    assertEquals(o2, kafka.endOffsets(topic));

    // the next run continues where the retried one stopped; together they equal one run over both intervals
    GenerateResult next = generate(saved, store, topic, request("retry-it/2", SIM_MINUTES));
    assertEquals(retried.intervalEnd(), next.intervalStart());
    List<ConsumerRecord<String, byte[]>> two = kafka.read(topic, o1, kafka.endOffsets(topic));

    ObjectStore wholeStore = bucket("whole-it");
    kafka.create("whole-it", 8);
    GenerateResult whole = generate(new ObjectStoreStateRepository(wholeStore), wholeStore, "whole-it",
        request("whole-it/1", 2 * SIM_MINUTES));
    assertEquals(next.intervalEnd(), whole.intervalEnd());
    assertSameRecords(two, kafka.read("whole-it", Map.of(), kafka.endOffsets("whole-it")));
    GeneratorState a = GroundTruth.load(store).orElseThrow();
    GeneratorState b = GroundTruth.load(wholeStore).orElseThrow();
    int[] diffs = {0};
    a.forEachTrueStock((s, i, q) -> {
      if (b.trueStock(s, i).orElse(Integer.MIN_VALUE) != q) diffs[0]++;
    });
    assertEquals(0, diffs[0], "true stock after two runs == after one run over both intervals");
  }

  private static GenerateRequest request(String id, int simMinutes) {
    return new GenerateRequest(id, START.toEpochMilli(), 10, TX_PER_HOUR, seed, 0, simMinutes, START.toEpochMilli());
  }

  private static GenerateResult generate(StateRepository states, ObjectStore store, String topic,
      GenerateRequest request) {
    try (MessagePublisher publisher = new KafkaMessagePublisher(
        PosProducer.create(resources.kafkaProperties()), topic)) {
      return new GeneratorRun(states, publisher, new ObjectStoreSnapshotWriter(store), ProgressReporter.none())
          .run(request, reference);
    }
  }

  private static ObjectStore bucket(String name) {
    ObjectStore main = resources.objectStore();
    main.s3().createBucket(b -> b.bucket(name));
    return new ObjectStore(main.s3(), name);
  }

  /** Same records per partition, in the same order: key and value bytes. */
  private static void assertSameRecords(List<ConsumerRecord<String, byte[]>> expected,
      List<ConsumerRecord<String, byte[]>> actual) {
    assertEquals(expected.size(), actual.size(), "record count");
    Map<Integer, List<ConsumerRecord<String, byte[]>>> e = byPartition(expected);
    Map<Integer, List<ConsumerRecord<String, byte[]>>> a = byPartition(actual);
    assertEquals(e.keySet(), a.keySet());
    for (int p : e.keySet()) {
      Iterator<ConsumerRecord<String, byte[]>> ai = a.get(p).iterator();
      for (ConsumerRecord<String, byte[]> er : e.get(p)) {
        ConsumerRecord<String, byte[]> ar = ai.next();
        assertEquals(er.key(), ar.key(), "partition " + p);
        assertArrayEquals(er.value(), ar.value(), "partition " + p + " trans_id " + er.key());
      }
      assertFalse(ai.hasNext());
    }
  }

  private static Map<Integer, List<ConsumerRecord<String, byte[]>>> byPartition(
      List<ConsumerRecord<String, byte[]>> records) {
    Map<Integer, List<ConsumerRecord<String, byte[]>>> m = new TreeMap<>();
    records.forEach(r -> m.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r));
    return m;
  }
}
