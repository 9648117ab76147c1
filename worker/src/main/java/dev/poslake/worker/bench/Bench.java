package dev.poslake.worker.bench;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.PipelineLag;
import dev.poslake.activities.etl.bronze.BronzeResult;
import dev.poslake.activities.etl.gold.GoldVerifier;
import dev.poslake.activities.etl.gold.VerifyReport;
import dev.poslake.activities.generator.EncodedMessage;
import dev.poslake.activities.generator.GeneratorState;
import dev.poslake.activities.generator.GeneratorStores;
import dev.poslake.activities.generator.KafkaMessagePublisher;
import dev.poslake.activities.generator.MessagePublisher;
import dev.poslake.activities.generator.MessageSplitter;
import dev.poslake.activities.generator.ObjectStoreSnapshotWriter;
import dev.poslake.activities.generator.PosProducer;
import dev.poslake.activities.generator.RecountEvent;
import dev.poslake.activities.generator.RunStats;
import dev.poslake.activities.generator.Simulation;
import dev.poslake.activities.generator.SimulationSink;
import dev.poslake.activities.generator.TransactionMessage;
import dev.poslake.activities.reference.ChangeType;
import dev.poslake.activities.reference.ReferenceData;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.workflows.etl.EtlRunSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The benchmark's phases on an already started, EMPTY stack (the caller owns the stack and its temporary data
 * dir, and how an ETL run is executed). No Temporal in here: {@link EtlRunner} is the seam.
 *
 * <ol>
 *   <li>ingest: the generator's simulation at a high transaction rate, published with the real producer, plus the
 *       initial recount files (3 stores x all items);</li>
 *   <li>etl: ETL runs with a raised per-run cap until {@link PipelineLag#caughtUp()};</li>
 *   <li>warm: N more transactions and the ETL again in the same JVM (the steady state of a running worker);</li>
 *   <li>gold: S x I recounts loaded, then a run touching K keys: incremental gold merge vs the full recomputation
 *       of {@link GoldVerifier} (the verify path);</li>
 *   <li>memory, per phase: peak heap used and RSS.</li>
 * </ol>
 */
public final class Bench {
  /** Runs one ETL run with the given per-partition cap and returns its summary. */
  @FunctionalInterface
  public interface EtlRunner {
    EtlRunSummary run(int maxOffsetsPerPartition);
  }

  /**
   * @param transactions N transactions to publish (the simulation overshoots by at most a few hundred)
   * @param goldStores S physical stores of the gold phase
   * @param goldItems I items per store of the gold phase (at most the items of item.txt)
   * @param touchKeys K (store, item) keys the incremental run touches
   * @param simItems items the ingest phase simulates and recounts (0: all of item.txt, like the generator)
   * @param scaleStores stores of the scale phase (0: no scale phase)
   * @param scaleItems items per store of the scale phase
   * @param scaleSampleFiles recount files of the scale phase that go through the snapshot step (the rest is
   *     bulk-loaded, {@link RecountBulkLoad})
   * @param onlyScale run only the scale phase
   * @param touches incremental runs touching K keys each, one after the other, before the full recomputation (at
   *     least 2: the first merges into gold as loaded, the later ones into stores carrying the earlier runs' files)
   */
  public record Settings(long transactions, int goldStores, int goldItems, int touchKeys, int simItems,
      int scaleStores, int scaleItems, int scaleSampleFiles, boolean onlyScale, int touches) {
    public static final int DEFAULT_TOUCHES = 2;

    public Settings {
      if (touches < DEFAULT_TOUCHES) throw new IllegalArgumentException("touches must be >= " + DEFAULT_TOUCHES);
    }

    /** Without the scale phase. */
    public Settings(long transactions, int goldStores, int goldItems, int touchKeys, int simItems) {
      this(transactions, goldStores, goldItems, touchKeys, simItems, 0, 0, 0, false, DEFAULT_TOUCHES);
    }
  }

  static final int ETL_CAP = 50_000_000;
  static final int MAX_ETL_RUNS = 20;
  /** Transactions per simulated hour and store: a very busy day, so that N needs little simulated time. */
  static final double TX_PER_HOUR_PER_STORE = 360_000;
  static final long SEED = 20261125L;
  static final Instant SIM_START = Instant.parse("2026-01-05T08:00:00Z");

  private final PipelineResources res;
  private final EtlRunner etl;
  private final Settings settings;
  private final Consumer<String> log;
  private final Map<String, Object> report = new LinkedHashMap<>();
  private TableWrites writes;
  private Simulation sim;
  private GeneratorState simState; // null until the ingest phase (--only-scale: never)
  private int[] simStores;

  public Bench(PipelineResources res, EtlRunner etl, Settings settings, Consumer<String> log) {
    this.res = res;
    this.etl = etl;
    this.settings = settings;
    this.log = log;
  }

  /** Runs all phases; the returned map (phase -> figures) is what the JSON output holds. */
  public Map<String, Object> run() {
    report.put("settings", settings);
    report.put("jvm", Map.of("availableProcessors", Runtime.getRuntime().availableProcessors(),
        "maxHeapMb", Runtime.getRuntime().maxMemory() >> 20, "javaVersion", System.getProperty("java.version")));
    ReferenceTables reference = ReferenceTables.of(res);
    reference.ensureUploaded(2);
    reference.refresh();
    writes = new TableWrites(res);
    if (!settings.onlyScale()) {
      phase("ingest", () -> ingest(reference.readReferenceData()));
      phase("etl", this::etlPhase);
      phase("warm", this::warmPhase);
      phase("gold", () -> gold(reference));
    }
    if (settings.scaleStores() > 0) phase("scale", () -> scale(reference));
    return report;
  }

  private void phase(String name, java.util.function.Supplier<Map<String, Object>> body) {
    log.accept("bench: phase " + name);
    System.gc();
    boolean rssReset = Memory.reset();
    long t0 = System.nanoTime();
    Map<String, Object> figures = body.get();
    double seconds = seconds(t0);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seconds", seconds);
    out.putAll(figures);
    out.put("memory", Memory.read(rssReset));
    // a shared machine: the load the figures were taken under
    out.put("loadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    report.put(name, out);
    log.accept("bench: phase " + name + " done in " + String.format("%.1f s", seconds));
  }

  // ------------------------------------------------------------------ 1. ingest

  private Map<String, Object> ingest(ReferenceData all) {
    ReferenceData reference = settings.simItems() <= 0 || settings.simItems() >= all.items().size() ? all
        : new ReferenceData(all.stores(), all.items().subList(0, settings.simItems()), all.changeTypes());
    sim = new Simulation(reference, SEED, TX_PER_HOUR_PER_STORE);
    simStores = GeneratorStores.ids(GeneratorStores.resolve(reference, 2));
    simState = sim.initialState(simStores, SIM_START, System.currentTimeMillis());
    return publish(settings.transactions());
  }

  /** Simulates and publishes {@code n} more transactions (and the recounts that fall due), from where it stopped. */
  private Map<String, Object> publish(long n) {
    MessageSplitter splitter = new MessageSplitter();
    ObjectStoreSnapshotWriter recounts = new ObjectStoreSnapshotWriter(res.objectStore());
    long[] messages = {0};
    long[] bytes = {0};
    long[] recountFiles = {0};
    long[] recountNanos = {0};
    long tx = 0;
    long lines = 0;
    long t0 = System.nanoTime();
    try (MessagePublisher publisher =
        new KafkaMessagePublisher(PosProducer.create(res.kafkaProperties()), res.topic())) {
      SimulationSink sink = new SimulationSink() {
        @Override
        public void transaction(TransactionMessage m) {
          for (EncodedMessage e : splitter.split(m)) {
            publisher.publish(e.key(), e.value());
            messages[0]++;
            bytes[0] += e.value().length;
          }
        }

        @Override
        public void recount(RecountEvent r) {
          long r0 = System.nanoTime();
          recounts.write(r);
          recountFiles[0]++;
          recountNanos[0] += System.nanoTime() - r0;
        }
      };
      double txPerMs = TX_PER_HOUR_PER_STORE * simStores.length / 3_600_000.0;
      // one big step to ~97% of n, then small top-ups (each advance draws its whole hour's arrivals)
      long span = (long) (n * 0.97 / txPerMs);
      while (tx < n) {
        RunStats s = sim.advance(simState, Instant.ofEpochMilli(simState.clockMillis() + Math.max(span, 1)), sink);
        tx += s.transactions();
        lines += s.lines();
        long missing = n - tx;
        span = (long) (Math.min(missing, 2_000) / txPerMs) + 1;
      }
      publisher.flush();
    }
    double seconds = seconds(t0);
    double recountSeconds = recountNanos[0] / 1e9;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("transactions", tx);
    out.put("itemLines", lines);
    out.put("kafkaMessages", messages[0]);
    out.put("kafkaValueBytes", bytes[0]);
    out.put("publishSeconds", seconds - recountSeconds);
    out.put("transactionsPerSecond", rate(tx, seconds - recountSeconds));
    out.put("recountFiles", recountFiles[0]);
    out.put("recountSeconds", recountSeconds);
    out.put("simulatedUntil", simClock().toString());
    return out;
  }

  // ------------------------------------------------------------------ 2. etl

  private Map<String, Object> etlPhase() {
    return untilCaughtUp();
  }

  /**
   * The same again in the same JVM: N more transactions from where the simulation stopped, and the ETL until caught
   * up. The first ETL pays once for the JIT's compilation and for the kernel faulting in the heap's fresh pages
   * (about half of bronze's CPU in a profile of a fresh process); a worker that has been running pays neither, so
   * this run shows the per-unit costs it sees (and silver's de-dup and gold's merge against existing history).
   */
  private Map<String, Object> warmPhase() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ingest", publish(settings.transactions()));
    out.putAll(untilCaughtUp());
    return out;
  }

  /** ETL runs until the pipeline has caught up; per step: rows in/out, seconds, rows/s, files, bytes. */
  private Map<String, Object> untilCaughtUp() {
    List<EtlRunSummary> runs = new ArrayList<>();
    Map<String, TableWrites.Written> written = new LinkedHashMap<>();
    writes.sinceLast();
    long t0 = System.nanoTime();
    long cpu0 = cpuNanos();
    OptionalLong jit0 = JitCpu.nanos();
    PipelineLag lag;
    do {
      if (runs.size() == MAX_ETL_RUNS) throw new IllegalStateException("ETL not caught up after " + runs.size() + " runs");
      EtlRunSummary s = etl.run(ETL_CAP);
      runs.add(s);
      writes.sinceLast().forEach((t, w) -> written.merge(t, w, TableWrites.Written::plus));
      log.accept("bench: ETL run " + runs.size() + " took " + s.totalMillis() + " ms " + s.stepMillis());
      lag = PipelineLag.measure(res);
    } while (!lag.caughtUp());
    double seconds = seconds(t0);
    Map<String, Long> millis = new LinkedHashMap<>();
    for (EtlRunSummary s : runs) s.stepMillis().forEach((k, v) -> millis.merge(k, v, Long::sum));
    Map<String, Long> cpuMillis = new LinkedHashMap<>();
    for (EtlRunSummary s : runs) s.stepCpuMillis().forEach((k, v) -> cpuMillis.merge(k, v, Long::sum));
    long bronzeRecords = 0;
    long bronzePayload = 0;
    for (EtlRunSummary s : runs) {
      for (BronzeResult b : s.bronze()) {
        bronzeRecords += b.records();
        bronzePayload += b.payloadBytes();
      }
    }
    long silverIn = 0, silverOut = 0, silverRejected = 0, snapRows = 0, latestChanged = 0, snapFiles = 0;
    long goldIn = 0, goldOut = 0, goldKeys = 0;
    for (EtlRunSummary s : runs) {
      silverIn += s.silver().bronzeRecordsRead();
      silverOut += s.silver().changeRows();
      silverRejected += s.silver().rejected();
      snapRows += s.snapshots().rows();
      latestChanged += s.snapshots().latestRowsChanged();
      snapFiles += s.snapshots().filesIngested();
      goldIn += s.gold().silverRowsRead();
      goldOut += s.gold().rowsUpserted();
      goldKeys += s.gold().keysTouched();
    }
    Map<String, Object> steps = new LinkedHashMap<>();
    steps.put("reference", step(millis, "reference", 0, 0, TableWrites.Written.NONE));
    steps.put("plan", step(millis, "plan", 0, 0, TableWrites.Written.NONE));
    Map<String, Object> bronze = withCpu(step(millis, "bronze", bronzeRecords, bronzeRecords,
        w(written, "raw_inventory_change")), cpuMillis.get("bronze"), bronzeRecords);
    bronze.put("payloadBytes", bronzePayload);
    if (cpuMillis.get("bronze") != null) { // the target's unit: MB of Kafka payload per core (CPU second)
      bronze.put("payloadMBPerCpuSecond", rate(bronzePayload / 1_000_000, cpuMillis.get("bronze") / 1000.0));
    }
    steps.put("bronze", bronze);
    steps.put("silver", step(millis, "silver", silverIn, silverOut,
        w(written, "inventory_change", "rejected_inventory_change")));
    steps.put("snapshots", step(millis, "snapshots", snapRows, snapRows + latestChanged,
        w(written, "inventory_snapshot", "latest_inventory_snapshot", "rejected_snapshot_row",
            "ingested_snapshot_file")));
    if (millis.containsKey("snapshots.ingest")) { // the fanned-out step's two parts, with their activities' CPU
      steps.put("  ingest", withCpu(step(millis, "snapshots.ingest", snapRows, snapRows,
          w(written, "inventory_snapshot", "rejected_snapshot_row", "ingested_snapshot_file")),
          cpuMillis.get("snapshots.ingest"), snapRows));
      steps.put("  latest", withCpu(step(millis, "snapshots.latest", snapRows, latestChanged,
          w(written, "latest_inventory_snapshot")), cpuMillis.get("snapshots.latest"), snapRows));
    }
    steps.put("gold", step(millis, "gold", goldIn, goldOut, w(written, "current_inventory")));
    TableWrites.Written all = TableWrites.Written.NONE;
    for (TableWrites.Written x : written.values()) all = all.plus(x);
    Map<String, Object> maintenance = step(millis, "maintenance", all.compactedFiles(), all.compactedFiles(),
        new TableWrites.Written(all.compactedFiles(), all.compactedBytes(), 0, 0, 0));
    steps.put("maintenance", maintenance);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runs", runs.size());
    long etlMillis = runs.stream().mapToLong(EtlRunSummary::totalMillis).sum();
    out.put("etlSeconds", etlMillis / 1000.0);
    out.put("etlSecondsWithoutMaintenance", (etlMillis - millis.getOrDefault("maintenance", 0L)) / 1000.0);
    out.put("lagCheckSeconds", seconds - etlMillis / 1000.0);
    out.put("silverRejected", silverRejected);
    out.put("snapshotFilesIngested", snapFiles);
    out.put("goldKeysTouched", goldKeys);
    // the process's CPU over the runs (every thread: the pipeline, the embedded servers, the JIT compilers)
    out.put("cpuSeconds", (cpuNanos() - cpu0) / 1e9);
    OptionalLong jit1 = JitCpu.nanos();
    if (jit0.isPresent() && jit1.isPresent()) {
      out.put("jitCpuSeconds", Math.max(0, jit1.getAsLong() - jit0.getAsLong()) / 1e9);
    }
    out.put("steps", steps);
    return out;
  }

  /**
   * {@code k} distinct numbers in [0, n), at random (Knuth's selection sampling: one pass, no set): the touched
   * keys spread over every store and the whole item range.
   */
  static long[] randomKeys(Random rnd, int k, long n) {
    long[] keys = new long[k];
    int chosen = 0;
    for (long i = 0; i < n && chosen < k; i++) {
      if (rnd.nextDouble() * (n - i) < k - chosen) keys[chosen++] = i;
    }
    return keys;
  }

  private static TableWrites.Written w(Map<String, TableWrites.Written> written, String... tables) {
    TableWrites.Written sum = TableWrites.Written.NONE;
    for (String t : tables) sum = sum.plus(written.getOrDefault(t, TableWrites.Written.NONE));
    return sum;
  }

  /** Adds the CPU time of the step's activity threads (summed over parallel activities) and rows per CPU second. */
  private static Map<String, Object> withCpu(Map<String, Object> step, Long cpuMillis, long rowsIn) {
    if (cpuMillis != null) {
      step.put("cpuSeconds", cpuMillis / 1000.0);
      step.put("rowsInPerCpuSecond", rate(rowsIn, cpuMillis / 1000.0));
    }
    return step;
  }

  private static Map<String, Object> step(Map<String, Long> millis, String name, long in, long out,
      TableWrites.Written w) {
    double s = millis.getOrDefault(name, 0L) / 1000.0;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", s);
    m.put("rowsIn", in);
    m.put("rowsOut", out);
    m.put("rowsInPerSecond", rate(in, s));
    m.put("filesWritten", w.files());
    m.put("bytesWritten", w.bytes());
    return m;
  }

  // ------------------------------------------------------------------ 3. gold at scale

  private Map<String, Object> gold(ReferenceTables reference) {
    int stores = settings.goldStores();
    ReferenceData data = reference.readReferenceData();
    if (settings.goldItems() > data.items().size()) {
      throw new IllegalArgumentException("--items " + settings.goldItems() + " > " + data.items().size()
          + " items in item.txt");
    }
    int[] items = data.items().stream().limit(settings.goldItems()).mapToInt(i -> i.itemId()).toArray();
    reference.ensureUploaded(stores); // store.txt lists stores 1..S (the ETL's reference step reloads it)
    Map<String, Object> out = new LinkedHashMap<>();
    // recounts of S stores x I items, after everything the ingest phase simulated
    Instant recountAt = simClock().plusSeconds(3600);
    long t0 = System.nanoTime();
    ObjectStoreSnapshotWriter writer = new ObjectStoreSnapshotWriter(res.objectStore());
    Random rnd = new Random(SEED);
    int[] qty = new int[items.length];
    for (int s = 1; s <= stores; s++) {
      for (int i = 0; i < qty.length; i++) qty[i] = rnd.nextInt(200);
      writer.write(RecountEvent.of(s, recountAt, 1000 + s, items, qty));
    }
    out.put("recountFiles", stores);
    out.put("recountRows", (long) stores * items.length);
    out.put("recountUploadSeconds", seconds(t0));
    out.put("load", untilCaughtUp());
    long goldRows = SnapshotProperties.totalRecords(
        res.catalog().loadTable(res.table(CurrentInventoryTable.NAME)));
    out.put("goldRows", goldRows);

    out.putAll(touchAndVerify(stores, items, recountAt, rnd));
    return out;
  }

  /**
   * Runs each touching K random keys (one sale line each, after the recount), then the full recomputation: the
   * incremental gold merge (the gold step of a run) against {@link GoldVerifier} (the verify path), in wall time and
   * in the process's CPU time (the machine may be shared: CPU time compares better than wall time). The first run
   * merges into gold as loaded (one data file per store); in the later ones, the stores carry the earlier runs'
   * files too (a position-delete file and a data file each), as stores do between compactions. The last of several
   * shows the steady state of a worker that merges every cycle: by then the JIT has compiled the merge-on-read path,
   * which the first run executes for the first time in this JVM.
   */
  private Map<String, Object> touchAndVerify(int stores, int[] items, Instant recountAt, Random rnd) {
    Map<String, Object> out = new LinkedHashMap<>();
    int k = (int) Math.min(settings.touchKeys(), (long) stores * items.length);
    out.put("touchKeys", k);
    List<Map<String, Object>> touches = new ArrayList<>();
    for (int t = 1; t <= settings.touches(); t++) {
      touches.add(touch(stores, items, recountAt.plusSeconds(60L * t), rnd, k));
    }
    Map<String, Object> first = touches.get(0);
    Map<String, Object> second = touches.get(1);
    out.put("touchPublishSeconds", first.get("publishSeconds"));
    out.put("touch", first.get("run"));
    out.put("secondTouch", second.get("run"));
    double incremental = (double) first.get("goldSeconds");
    long v0 = System.nanoTime();
    long vc0 = cpuNanos();
    VerifyReport verify = new GoldVerifier(res, m -> { }).maxExamples(5).verify();
    double full = seconds(v0);
    double fullCpu = (cpuNanos() - vc0) / 1e9;
    out.put("incrementalGoldMergeSeconds", incremental);
    out.put("secondIncrementalGoldMergeSeconds", second.get("goldSeconds"));
    out.put("fullRecomputationSeconds", full);
    out.put("fullOverIncremental", incremental <= 0 ? null : full / incremental);
    out.put("touchRunCpuSeconds", first.get("cpuSeconds"));
    out.put("secondTouchRunCpuSeconds", second.get("cpuSeconds"));
    // every run's gold step and the process's CPU over the run, in order
    out.put("touchGoldSeconds", touches.stream().map(t -> t.get("goldSeconds")).toList());
    out.put("touchRunsCpuSeconds", touches.stream().map(t -> t.get("cpuSeconds")).toList());
    out.put("touchRunsJitCpuSeconds", touches.stream().map(t -> t.get("jitCpuSeconds")).toList());
    out.put("fullRecomputationCpuSeconds", fullCpu);
    out.put("verifyCompared", verify.pairsCompared());
    out.put("verifyMismatches", verify.goldMismatches());
    out.put("verifyExamples", verify.examples());
    return out;
  }

  /** Publishes one sale line for each of {@code k} random keys at {@code at}, then runs the ETL until caught up. */
  private Map<String, Object> touch(int stores, int[] items, Instant at, Random rnd, int k) {
    Map<String, Object> out = new LinkedHashMap<>();
    long p0 = System.nanoTime();
    try (MessagePublisher publisher =
        new KafkaMessagePublisher(PosProducer.create(res.kafkaProperties()), res.topic())) {
      MessageSplitter splitter = new MessageSplitter();
      for (long key : randomKeys(rnd, k, (long) stores * items.length)) {
        int store = 1 + (int) (key % stores);
        int item = items[(int) (key / stores)];
        TransactionMessage m = TransactionMessage.of(at, new UUID(rnd.nextLong(), rnd.nextLong()), store,
            ChangeType.SALE, List.of(new TransactionMessage.Line(item, -1)));
        for (EncodedMessage e : splitter.split(m)) publisher.publish(e.key(), e.value());
      }
      publisher.flush();
    }
    out.put("publishSeconds", seconds(p0));
    Map<String, Object> run = untilCaughtUp();
    out.put("cpuSeconds", run.get("cpuSeconds"));
    out.put("jitCpuSeconds", run.get("jitCpuSeconds"));
    out.put("run", run);
    @SuppressWarnings("unchecked")
    double gold = (double) ((Map<String, Object>) ((Map<String, Object>) run.get("steps")).get("gold")).get("seconds");
    out.put("goldSeconds", gold);
    return out;
  }

  // ------------------------------------------------------------------ 5. scale

  /**
   * Gold at chain scale: S stores x I items. A sample of the recount files goes through the snapshot step (its
   * cost per file, extrapolated to S files), the rest is bulk-loaded into latest_inventory_snapshot
   * ({@link RecountBulkLoad}); the ETL's gold step then loads gold (every store recomputed), and a run touching K
   * random keys merges incrementally, against the full recomputation.
   */
  private Map<String, Object> scale(ReferenceTables reference) {
    int stores = settings.scaleStores();
    ReferenceData data = reference.readReferenceData();
    if (settings.scaleItems() > data.items().size()) {
      throw new IllegalArgumentException("--scale-items " + settings.scaleItems() + " > " + data.items().size()
          + " items in item.txt");
    }
    int[] items = data.items().stream().limit(settings.scaleItems()).mapToInt(i -> i.itemId()).toArray();
    reference.ensureUploaded(stores);
    Map<String, Object> out = new LinkedHashMap<>();
    Instant recountAt = simClock().plusSeconds(7200);
    Random rnd = new Random(SEED + 1);
    int sample = Math.min(settings.scaleSampleFiles(), stores);
    ObjectStoreSnapshotWriter writer = new ObjectStoreSnapshotWriter(res.objectStore());
    int[] qty = new int[items.length];
    for (int s = 1; s <= sample; s++) {
      for (int i = 0; i < qty.length; i++) qty[i] = rnd.nextInt(200);
      writer.write(RecountEvent.of(s, recountAt, 1000 + s, items, qty));
    }
    Map<String, Object> sampled = untilCaughtUp();
    @SuppressWarnings("unchecked")
    double snapshotSeconds = (double) ((Map<String, Object>) ((Map<String, Object>) sampled.get("steps"))
        .get("snapshots")).get("seconds");
    out.put("sampleFiles", sample);
    out.put("sample", sampled);
    out.put("snapshotStepSecondsPerFile", sample == 0 ? null : snapshotSeconds / sample);
    out.put("snapshotStepSecondsForAllFilesEstimate", sample == 0 ? null : snapshotSeconds / sample * stores);
    long b0 = System.nanoTime();
    long bulkRows = sample >= stores ? 0 : RecountBulkLoad.load(res, sample + 1, stores, items, recountAt, rnd);
    out.put("bulkLoadedStores", stores - sample);
    out.put("bulkLoadedRows", bulkRows);
    out.put("bulkLoadSeconds", seconds(b0));
    log.accept("bench: bulk-loaded " + bulkRows + " recount rows in " + String.format("%.1f s", seconds(b0)));
    Map<String, Object> load = untilCaughtUp();
    out.put("load", load);
    out.put("loadCpuSeconds", load.get("cpuSeconds"));
    out.put("goldRows", SnapshotProperties.totalRecords(
        res.catalog().loadTable(res.table(CurrentInventoryTable.NAME))));
    out.putAll(touchAndVerify(stores, items, recountAt, rnd));
    return out;
  }

  // ------------------------------------------------------------------ helpers

  /** Where the simulation stands: everything published so far is before it. */
  private Instant simClock() {
    return simState == null ? SIM_START : simState.clock();
  }

  /** CPU time of this process (every thread: the pipeline and the embedded servers). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static Double rate(long n, double seconds) {
    return seconds <= 0 ? null : Math.round(n / seconds * 10) / 10.0;
  }
}
