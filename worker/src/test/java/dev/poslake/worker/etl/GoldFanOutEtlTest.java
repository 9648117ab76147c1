package dev.poslake.worker.etl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.PipelineLag;
import dev.poslake.activities.etl.gold.GoldBucketTask;
import dev.poslake.activities.etl.gold.GoldFanOutActivities;
import dev.poslake.activities.etl.gold.GoldFanOutActivitiesImpl;
import dev.poslake.activities.etl.gold.GoldPlan;
import dev.poslake.activities.etl.gold.GoldPosition;
import dev.poslake.activities.etl.gold.GoldResult;
import dev.poslake.activities.etl.gold.GoldSummaryKeys;
import dev.poslake.activities.etl.gold.GoldVerifier;
import dev.poslake.activities.etl.gold.VerifyReport;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.worker.PipelineWorker;
import dev.poslake.workflows.etl.EtlOptions;
import dev.poslake.workflows.etl.EtlRunSummary;
import dev.poslake.workflows.etl.EtlWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gold step fanned out through EtlWorkflow on Temporal, with crashes inside one bucket merge, and Temporal
 * retrying it:
 * <ol>
 *   <li>the bucket of store 1 dies after writing its files, right before its commit, once all the other buckets
 *       with work have committed: gold then holds their stores at the new position and this bucket's at the old
 *       one; Temporal's retry commits it;</li>
 *   <li>in the next run, the same bucket dies after its commit, before the activity returns: the retry finds the
 *       bucket at the target and commits nothing.</li>
 * </ol>
 * Afterwards gold equals a model computed here from what was published (nothing doubled, nothing lost) and the
 * full recomputation, every bucket is at silver's newest snapshot, and each run moved the crashing bucket once.
 */
@ExtendWith(PosStackExtension.class)
class GoldFanOutEtlTest {
  static final int STORES = 7;
  static final int ITEMS = 20;
  static final int FIRST_ITEM = 100001;
  static final int BUCKETS = 4;
  static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  static final Instant RECOUNT = Instant.parse("2026-12-01T00:00:00Z");

  final Random random = new Random(4242);
  /** Expected current_inventory per (store, item): the recount plus every change published after it. */
  final Map<Long, Long> model = new TreeMap<>();

  /** Which crash is armed ("inside", "after"), how many buckets of the current plan are still to commit. */
  volatile String armed = "";
  volatile CountDownLatch othersCommitted = new CountDownLatch(0);
  volatile GoldPosition seenAtCrash;
  final AtomicInteger crashes = new AtomicInteger();
  final int crashingBucket = GoldPosition.bucketOf(1, BUCKETS);

  @Test
  void aCrashInsideOneBucketWhileOthersCommittedIsRetriedByTemporalAndDoublesNothing(PosConfig config)
      throws Exception {
    try (Lane lane = Lane.open(config, "goldfan", ITEMS, STORES, Map.of(), this::register)) {
      EtlOptions options = EtlOptions.from(lane.config).withGoldBuckets(BUCKETS);
      for (int store = 1; store <= STORES; store++) recount(lane, store);
      publish(lane, 120, RECOUNT.plusSeconds(60));

      armed = "inside";
      EtlRunSummary first = lane.etl(options);
      assertEquals(1, crashes.get(), "the bucket of store 1 crashed once, inside");
      assertEquals(2, seenAtCrash.distinct().size(), "at the crash, the others had committed: " + seenAtCrash);
      assertTrue(first.gold().rowsUpserted() > 0, first.gold().toString());
      assertGoldIsTheModel(lane, "after the crash inside a bucket");
      assertEquals(1, commitsMovingTheBucket(lane), "one commit moved the crashed bucket");

      publish(lane, 60, RECOUNT.plusSeconds(7200));
      armed = "after";
      lane.etl(options);
      assertEquals(2, crashes.get(), "the bucket of store 1 crashed once more, after its commit");
      armed = "";
      assertGoldIsTheModel(lane, "after the crash after a commit");
      assertEquals(2, commitsMovingTheBucket(lane), "one commit per run moved the crashed bucket");
      assertTrue(PipelineLag.measure(lane.resources).caughtUp(), PipelineLag.measure(lane.resources).toString());
    }
  }

  private Worker register(WorkerFactory factory, String taskQueue, PipelineResources res) {
    Worker worker = factory.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(EtlWorkflowImpl.class);
    GoldFanOutActivities real = new GoldFanOutActivitiesImpl(res, bucket -> {
      if (bucket != crashingBucket || !armed.equals("inside")) return;
      try {
        assertTrue(othersCommitted.await(60, TimeUnit.SECONDS), "the other buckets did not commit");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      armed = "";
      crashes.incrementAndGet();
      seenAtCrash = GoldPosition.read(res.catalog().loadTable(res.table(CurrentInventoryTable.NAME)));
      throw new IllegalStateException("injected crash inside bucket " + bucket + ", before its commit");
    });
    List<Object> activities = new ArrayList<>();
    for (Object a : PipelineWorker.activities(res, "test")) {
      if (!(a instanceof GoldFanOutActivitiesImpl)) activities.add(a);
    }
    activities.add(new GoldFanOutActivities() {
      @Override public GoldPlan plan(int buckets) {
        GoldPlan p = real.plan(buckets);
        othersCommitted = new CountDownLatch((int) p.tasks().stream().filter(t -> t.bucket() != crashingBucket).count());
        return p;
      }

      @Override public GoldResult mergeBucket(GoldBucketTask task) {
        GoldResult r = real.mergeBucket(task);
        if (task.bucket() != crashingBucket) othersCommitted.countDown();
        if (task.bucket() == crashingBucket && armed.equals("after")) {
          armed = "";
          crashes.incrementAndGet();
          throw new IllegalStateException("injected crash after bucket " + task.bucket() + " committed");
        }
        return r;
      }
    });
    worker.registerActivitiesImplementations(activities.toArray());
    return worker;
  }

  private void assertGoldIsTheModel(Lane lane, String when) {
    Map<Long, Long> actual = new TreeMap<>();
    for (Record r : lane.rows(CurrentInventoryTable.NAME)) {
      Long prev = actual.put(key((Integer) r.getField(CurrentInventoryTable.STORE_ID),
          (Integer) r.getField(CurrentInventoryTable.ITEM_ID)), (Long) r.getField(CurrentInventoryTable.CURRENT_INVENTORY));
      assertEquals(null, prev, when + ": two gold rows for one pair");
    }
    assertEquals(model, actual, when);
    VerifyReport v = new GoldVerifier(lane.resources, m -> { }).verify();
    assertTrue(v.ok(), when + ": " + v);
    assertEquals((long) STORES * ITEMS, v.pairsCompared());
  }

  /** Gold commits that merged the crashing bucket (alone: pos.gold.bucket; with others: pos.gold.merged-buckets). */
  private long commitsMovingTheBucket(Lane lane) {
    long n = 0;
    for (Snapshot s : lane.table(CurrentInventoryTable.NAME).snapshots()) {
      if (GoldSummaryKeys.mergedBuckets(s.summary()).contains(crashingBucket)) n++;
    }
    return n;
  }

  private void recount(Lane lane, int store) {
    StringBuilder csv = new StringBuilder("item_id,employee_id,store_id,date_time,quantity\n");
    for (int i = 0; i < ITEMS; i++) {
      int q = 20 + random.nextInt(80);
      csv.append(FIRST_ITEM + i).append(",1234,").append(store).append(',').append(CSV_TIME.format(RECOUNT))
          .append(',').append(q).append('\n');
      model.put(key(store, FIRST_ITEM + i), (long) q);
    }
    lane.putObject("inventory_snapshots/inventory_snapshot_" + store + "_"
        + DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss").withZone(ZoneOffset.UTC).format(RECOUNT) + ".csv",
        csv.toString());
  }

  /** {@code count} one-line sales or restocks over every store, an hour from {@code from}. */
  private void publish(Lane lane, int count, Instant from) {
    for (int n = 0; n < count; n++) {
      int store = 1 + n % STORES;
      int item = FIRST_ITEM + random.nextInt(ITEMS);
      int qty = random.nextInt(5) == 0 ? 5 + random.nextInt(10) : -(1 + random.nextInt(3));
      Instant t = from.plusSeconds(random.nextInt(3600));
      String id = UUID.randomUUID().toString();
      lane.send(id, EtlRulesEndToEndTest.msg(id, store, qty > 0 ? 3 : 1, t.toString(), null, item, qty));
      model.merge(key(store, item), (long) qty, Long::sum);
    }
    lane.flush();
  }

  private static long key(int store, int item) {
    return ((long) store << 32) | item;
  }
}
