package dev.poslake.worker.etl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.PipelineLag;
import dev.poslake.activities.etl.bronze.BronzeActivities;
import dev.poslake.activities.etl.bronze.BronzeActivitiesImpl;
import dev.poslake.activities.etl.bronze.BronzeIngester;
import dev.poslake.activities.etl.bronze.BronzeResult;
import dev.poslake.activities.etl.bronze.OffsetPlan;
import dev.poslake.activities.etl.bronze.OffsetPlanner;
import dev.poslake.activities.etl.bronze.PartitionRange;
import dev.poslake.activities.etl.gold.GoldActivities;
import dev.poslake.activities.etl.gold.GoldActivitiesImpl;
import dev.poslake.activities.etl.gold.GoldBucketTask;
import dev.poslake.activities.etl.gold.GoldFanOutActivities;
import dev.poslake.activities.etl.gold.GoldFanOutActivitiesImpl;
import dev.poslake.activities.etl.gold.GoldPlan;
import dev.poslake.activities.etl.gold.GoldResult;
import dev.poslake.activities.etl.gold.GoldVerifier;
import dev.poslake.activities.etl.gold.VerifyReport;
import dev.poslake.activities.etl.maintenance.MaintenanceActivitiesImpl;
import dev.poslake.activities.etl.silver.SilverActivities;
import dev.poslake.activities.etl.silver.SilverActivitiesImpl;
import dev.poslake.activities.etl.silver.SilverFanOutActivities;
import dev.poslake.activities.etl.silver.SilverGroupResult;
import dev.poslake.activities.etl.silver.SilverPlan;
import dev.poslake.activities.etl.silver.SilverProcessor;
import dev.poslake.activities.etl.silver.SilverResult;
import dev.poslake.activities.etl.snapshot.IngestSeams;
import dev.poslake.activities.etl.snapshot.LatestStoresResult;
import dev.poslake.activities.etl.snapshot.LatestUpsertPlan;
import dev.poslake.activities.etl.snapshot.RecountFileGroup;
import dev.poslake.activities.etl.snapshot.RecountGroupResult;
import dev.poslake.activities.etl.snapshot.RecountPlan;
import dev.poslake.activities.etl.snapshot.SnapshotFanOutActivities;
import dev.poslake.activities.etl.snapshot.SnapshotFanOutActivitiesImpl;
import dev.poslake.activities.reference.ReferenceActivitiesImpl;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.workflows.etl.EtlRunSummary;
import dev.poslake.workflows.etl.EtlWorkflowImpl;
import dev.poslake.activities.env.ProgressReporter;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ETL attempts that die mid-step, through Kafka + EtlWorkflow on Temporal + Iceberg. The lane's worker runs the
 * production activity adapters wired with the crash seams ({@code BronzeCommitHook}, {@code SilverCommitHook},
 * the gold bucket merge's {@code beforeCommit}, {@code SnapshotIngest.checkpoint}) and wrapped in decorators that
 * fail after the real call returned; each armed crash throws once, the activity fails, and Temporal retries it.
 * <ul>
 *   <li>round 1, "before the commit": bronze after each partition range's data files are written, before its
 *       commit (every partition once); one silver parse activity in the middle of its pass while the other groups
 *       finish; silver between its rejects commit and its change commit; snapshots inside a recount file (after
 *       its first row), and after a file group's rows commit, before its ledger commit; gold after its files are
 *       written, before the commit;</li>
 *   <li>round 2, "after the commit, before the activity returns": every bronze range (each partition once),
 *       one silver parse (its files are left behind, another attempt's are committed), the silver commit, a
 *       snapshot file group, a latest-snapshot store bucket and the latest marker, and gold.</li>
 * </ul>
 * A small per-partition cap makes each round several runs (several bronze commits per partition). Afterwards:
 * bronze holds every Kafka record exactly once, offsets contiguous per partition (no gap, no overlap); silver
 * holds exactly the distinct lines published and every invalid record once; every recount row is in
 * inventory_snapshot once; gold equals a model of the SPEC's rule computed here from what was published, and
 * the full recomputation ({@link GoldVerifier}).
 *
 * <p>Not covered: a worker process dying (no completion at all): Temporal would retry only after the
 * heartbeat/start-to-close timeout (a minute and more), too slow here; for the tables that case is the same
 * as a failed attempt at the same point.
 */
@ExtendWith(PosStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EtlExactlyOnceTest {
  static final int STORE = 1;
  static final int FIRST_ITEM = 100201;
  static final int ITEMS = 40;
  static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** Which crashes are armed, and which fired (by name); each fires at most once. */
  static final class Crashes {
    volatile String phase = "";
    final Set<String> fired = ConcurrentHashMap.newKeySet();

    void maybe(String phase, String name) {
      if (phase.equals(this.phase) && fired.add(phase + ":" + name)) {
        throw new IllegalStateException("injected crash " + phase + ":" + name);
      }
    }
  }

  final Crashes crashes = new Crashes();
  Lane lane;
  final Random random = new Random(20261201);
  /** Distinct valid messages published: trans_id -> (time, lines). */
  final Map<String, Message> published = new HashMap<>();
  final List<Message> sentValid = new ArrayList<>();
  int invalidSent;
  /** Recount rows by pair: latest by time. */
  final Map<Integer, List<long[]>> recounts = new HashMap<>();
  long recountRows;
  int recountFiles;
  final List<EtlRunSummary> runs = new ArrayList<>();

  record Message(String transId, Instant time, int type, int[] itemQty, String json) {}

  @BeforeAll
  void run(PosConfig config) throws Exception {
    lane = Lane.open(config, "once", 1000, 0, Map.of(PosSettings.ETL_MAX_OFFSETS_PER_PARTITION.key(), "25",
        PosSettings.ETL_SILVER_GROUP_MIN_BYTES.key(), "0"),
        this::register);

    // ---- round 1: crashes after the files are written, before the commit
    recount(Instant.parse("2026-12-01T00:00:00Z"), ITEMS);
    publishRound(Instant.parse("2026-11-30T22:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"), 250, 0, 6);
    crashes.phase = "before";
    etlUntilCaughtUp();

    // ---- round 2: crashes after the commit, before the activity returns
    recount(Instant.parse("2026-12-02T00:00:00Z"), ITEMS / 2); // newer recount of half the items
    publishRound(Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-03T00:00:00Z"), 250, 20, 3);
    crashes.phase = "after";
    etlUntilCaughtUp();
    crashes.phase = "";
  }

  @AfterAll
  void close() throws Exception {
    if (lane != null) lane.close();
  }

  private Worker register(WorkerFactory factory, String taskQueue, PipelineResources res) {
    Worker worker = factory.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(EtlWorkflowImpl.class);
    BronzeActivities bronze = new BronzeActivitiesImpl(new OffsetPlanner(res),
        new BronzeIngester(res, (range, files, attempt) -> crashes.maybe("before", "bronze-" + range.partition()),
            Duration.ofMinutes(1)));
    SilverProcessor silverSteps = new SilverProcessor(res, () -> crashes.maybe("before", "silver"));
    SilverActivities silver = new SilverActivitiesImpl(silverSteps);
    // the snapshot step as the workflow runs it now (fanned out); crash seams inside a file, between a group's
    // commits, and after each kind of activity returned
    SnapshotFanOutActivities snapshots = new SnapshotFanOutActivitiesImpl(res, IngestSeams.none()
        .withMidFile((key, rows) -> crashes.maybe("before", "snapshot-mid-file"))
        .withCheckpoint(table -> {
          if (table.equals(InventorySnapshotTable.NAME)) crashes.maybe("before", "snapshot-ledger");
        }));
    GoldActivities gold = new GoldActivitiesImpl(res, () -> crashes.maybe("before", "gold"));
    GoldFanOutActivities goldFanOut = new GoldFanOutActivitiesImpl(res, bucket -> crashes.maybe("before", "gold"));
    worker.registerActivitiesImplementations(
        new ReferenceActivitiesImpl(ReferenceTables.of(res)),
        new BronzeActivities() {
          @Override public OffsetPlan plan(int max, boolean acceptLoss) { return bronze.plan(max, acceptLoss); }

          @Override public BronzeResult ingest(PartitionRange range) {
            BronzeResult r = bronze.ingest(range);
            crashes.maybe("after", "bronze-" + range.partition());
            return r;
          }
        },
        (SilverActivities) max -> {
          SilverResult r = silver.process(max);
          crashes.maybe("after", "silver");
          return r;
        },
        new SilverFanOutActivities() {
          @Override public SilverPlan plan(int max, int minGroups) { return silverSteps.plan(max, minGroups); }

          @Override public SilverGroupResult parse(SilverPlan plan, int group) {
            // "before": one group's attempt dies in the middle of its pass (at a heartbeat), the others finish
            ActivityExecutionContext context = Activity.getExecutionContext();
            SilverGroupResult r = silverSteps.parse(plan, group, ProgressReporter.to(details -> {
              crashes.maybe("before", "silver-parse");
              context.heartbeat(details);
            }, Duration.ZERO));
            // "after": an attempt completes and its result is lost: its files are left behind
            crashes.maybe("after", "silver-parse");
            return r;
          }

          @Override public SilverResult commit(SilverPlan plan, List<SilverGroupResult> groups) {
            SilverResult r = silverSteps.commit(plan, groups, ProgressReporter.current());
            crashes.maybe("after", "silver");
            return r;
          }
        },
        new SnapshotFanOutActivities() {
          @Override public RecountPlan plan() { return snapshots.plan(); }

          @Override public RecountGroupResult ingest(RecountFileGroup group) {
            RecountGroupResult r = snapshots.ingest(group);
            crashes.maybe("after", "snapshot");
            return r;
          }

          @Override public LatestUpsertPlan planLatest() { return snapshots.planLatest(); }

          @Override public LatestStoresResult upsertLatest(LatestUpsertPlan plan, List<Integer> stores) {
            LatestStoresResult r = snapshots.upsertLatest(plan, stores);
            crashes.maybe("after", "snapshot-latest");
            return r;
          }

          @Override public void commitLatest(LatestUpsertPlan plan, long changedPairs) {
            snapshots.commitLatest(plan, changedPairs);
            crashes.maybe("after", "snapshot-marker");
          }
        },
        new GoldActivities() {
          @Override public GoldResult merge() {
            GoldResult r = gold.merge();
            crashes.maybe("after", "gold");
            return r;
          }

          @Override public VerifyReport verify() { return gold.verify(); }
        },
        new GoldFanOutActivities() {
          @Override public GoldPlan plan(int buckets) { return goldFanOut.plan(buckets); }

          @Override public GoldResult mergeBucket(GoldBucketTask task) {
            GoldResult r = goldFanOut.mergeBucket(task);
            crashes.maybe("after", "gold");
            return r;
          }
        },
        new MaintenanceActivitiesImpl(res));
    return worker;
  }

  private void etlUntilCaughtUp() {
    for (int i = 0; i < 10; i++) {
      runs.add(lane.etl());
      if (PipelineLag.measure(lane.resources).caughtUp()) return;
    }
    throw new AssertionError("not caught up after 10 runs: " + PipelineLag.measure(lane.resources));
  }

  // ------------------------------------------------------------------------------------------------ checks

  @Test
  void everyArmedCrashFired() {
    Set<String> expected = new TreeSet<>();
    for (String phase : List.of("before", "after")) {
      for (int p = 0; p < 8; p++) expected.add(phase + ":bronze-" + p);
    }
    expected.addAll(List.of("before:silver", "before:silver-parse", "before:snapshot-mid-file",
        "before:snapshot-ledger", "before:gold", "after:silver", "after:silver-parse", "after:snapshot",
        "after:snapshot-latest", "after:snapshot-marker", "after:gold"));
    assertEquals(expected, new TreeSet<>(crashes.fired));
    assertTrue(runs.size() >= 4, "the cap makes each round at least two runs: " + runs.size());
  }

  @Test
  void bronzeHoldsEveryKafkaRecordOnceWithContiguousOffsets() {
    List<ConsumerRecord<byte[], byte[]>> kafka = lane.readTopic();
    List<Record> bronze = lane.rows(RawInventoryChangeTable.NAME);
    assertEquals(kafka.size(), bronze.size());
    Map<Integer, List<Long>> offsets = new TreeMap<>();
    for (Record r : bronze) {
      offsets.computeIfAbsent((Integer) r.getField(RawInventoryChangeTable.PARTITION), p -> new ArrayList<>())
          .add((Long) r.getField(RawInventoryChangeTable.OFFSET));
    }
    Map<Integer, Long> ends = new TreeMap<>();
    kafka.forEach(k -> ends.merge(k.partition(), k.offset() + 1, Math::max));
    assertEquals(ends.keySet(), offsets.keySet());
    offsets.forEach((p, list) -> {
      list.sort(null);
      for (int i = 0; i < list.size(); i++) {
        assertEquals(i, list.get(i), "partition " + p + ": gap or overlap at index " + i);
      }
      assertEquals(ends.get(p), (long) list.size(), "partition " + p);
    });
    // the values are the records' bytes
    Map<String, byte[]> byPosition = new HashMap<>();
    kafka.forEach(k -> byPosition.put(k.partition() + "/" + k.offset(), k.value()));
    for (Record r : bronze) {
      var v = ((java.nio.ByteBuffer) r.getField(RawInventoryChangeTable.VALUE)).duplicate();
      byte[] bytes = new byte[v.remaining()];
      v.get(bytes);
      assertTrue(java.util.Arrays.equals(byPosition.get(r.getField(RawInventoryChangeTable.PARTITION) + "/"
          + r.getField(RawInventoryChangeTable.OFFSET)), bytes));
    }
  }

  @Test
  void silverHoldsEachPublishedLineOnceAndEachRejectOnce() {
    List<Record> rows = lane.rows(InventoryChangeTable.NAME);
    long expectedLines = published.values().stream().mapToLong(m -> m.itemQty().length / 2).sum();
    assertEquals(expectedLines, rows.size());
    Set<String> keys = new HashSet<>();
    for (Record r : rows) {
      assertTrue(keys.add(r.getField(InventoryChangeTable.TRANS_ID) + "/" + r.getField(InventoryChangeTable.PART)
          + "/" + r.getField(InventoryChangeTable.LINE)), "doubled silver line " + r);
    }
    assertEquals(invalidSent, lane.count(RejectedInventoryChangeTable.NAME));
  }

  @Test
  void noUncommittedSilverFileIsLeftBehind() {
    for (String name : List.of(InventoryChangeTable.NAME, RejectedInventoryChangeTable.NAME)) {
      Table t = lane.table(name);
      Set<String> referenced = new HashSet<>();
      for (Snapshot s : t.snapshots()) {
        for (DataFile d : s.addedDataFiles(t.io())) referenced.add(d.location());
      }
      List<String> left = new ArrayList<>();
      for (FileInfo f : ((SupportsPrefixOperations) t.io()).listPrefix(t.location() + "/data/silver-")) {
        if (!referenced.contains(f.location())) left.add(f.location());
      }
      assertEquals(List.of(), left, name + ": files of crashed attempts left behind");
    }
  }

  @Test
  void everyRecountRowIsIngestedOnce() {
    assertEquals(recountRows, lane.count(InventorySnapshotTable.NAME));
    assertEquals(recountFiles, lane.count(IngestedSnapshotFileTable.NAME));
  }

  @Test
  void goldEqualsTheModelAndTheFullRecomputation() {
    Map<Integer, String> expected = new TreeMap<>();
    recounts.forEach((item, snaps) -> {
      long[] latest = snaps.stream().max((a, b) -> Long.compare(a[0], b[0])).orElseThrow();
      long s = latest[0];
      long change = 0;
      long newest = s;
      for (Message m : published.values()) {
        if (m.time().toEpochMilli() < s) continue;
        for (int i = 0; i < m.itemQty().length; i += 2) {
          if (m.itemQty()[i] == item) {
            change += m.itemQty()[i + 1];
            newest = Math.max(newest, m.time().toEpochMilli());
          }
        }
      }
      expected.put(item, latest[1] + "," + change + "," + (latest[1] + change) + "," + Instant.ofEpochMilli(newest));
    });
    Map<Integer, String> actual = new TreeMap<>();
    for (Record r : lane.rows(CurrentInventoryTable.NAME)) {
      assertEquals(STORE, r.getField(CurrentInventoryTable.STORE_ID));
      String prev = actual.put((Integer) r.getField(CurrentInventoryTable.ITEM_ID),
          r.getField(CurrentInventoryTable.SNAPSHOT_QUANTITY) + "," + r.getField(CurrentInventoryTable.CHANGE_QUANTITY)
              + "," + r.getField(CurrentInventoryTable.CURRENT_INVENTORY) + ","
              + ((OffsetDateTime) r.getField(CurrentInventoryTable.DATE_TIME)).toInstant());
      assertEquals(null, prev, "two gold rows for item " + r.getField(CurrentInventoryTable.ITEM_ID));
    }
    assertEquals(expected, actual);
    VerifyReport report = new GoldVerifier(lane.resources, m -> { }).verify();
    assertTrue(report.ok(), report.toString());
    assertEquals(ITEMS, report.pairsCompared());
  }

  // ------------------------------------------------------------------------------------------------ data

  private void recount(Instant at, int items) {
    StringBuilder csv = new StringBuilder("item_id,employee_id,store_id,date_time,quantity\n");
    for (int i = 0; i < items; i++) {
      int item = FIRST_ITEM + i;
      int q = 20 + random.nextInt(80);
      csv.append(item).append(",1234,").append(STORE).append(',').append(CSV_TIME.format(at)).append(',')
          .append(q).append('\n');
      recounts.computeIfAbsent(item, k -> new ArrayList<>()).add(new long[] {at.toEpochMilli(), q});
      recountRows++;
    }
    lane.putObject("inventory_snapshots/inventory_snapshot_" + STORE + "_"
        + DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss").withZone(ZoneOffset.UTC).format(at) + ".csv",
        csv.toString());
    recountFiles++;
  }

  /** {@code count} new transactions in [from, to), {@code duplicates} re-sends of earlier ones, invalid ones. */
  private void publishRound(Instant from, Instant to, int count, int duplicates, int invalid) throws Exception {
    long span = to.toEpochMilli() - from.toEpochMilli();
    for (int n = 0; n < count; n++) {
      String id = UUID.randomUUID().toString();
      Instant t = Instant.ofEpochMilli(from.toEpochMilli() + (long) (random.nextDouble() * span));
      boolean restock = random.nextInt(10) == 0;
      int lines = 1 + random.nextInt(3);
      int[] itemQty = new int[lines * 2];
      for (int l = 0; l < lines; l++) {
        itemQty[2 * l] = FIRST_ITEM + random.nextInt(ITEMS + 5); // a few items without a recount
        itemQty[2 * l + 1] = restock ? 5 + random.nextInt(20) : -(1 + random.nextInt(4));
      }
      int type = restock ? 3 : 1;
      String json = EtlRulesEndToEndTest.msg(id, STORE, type, t.toString(), null, itemQty);
      Message m = new Message(id, t, type, itemQty, json);
      published.put(id, m);
      sentValid.add(m);
      lane.send(id, json);
    }
    for (int n = 0; n < duplicates; n++) {
      Message m = sentValid.get(random.nextInt(sentValid.size()));
      lane.send(m.transId(), m.json());
    }
    for (int n = 0; n < invalid; n++) {
      String id = UUID.randomUUID().toString();
      lane.send(id, "{\"trans_id\":\"" + id + "\", not json " + n);
      invalidSent++;
    }
    lane.flush();
  }
}
