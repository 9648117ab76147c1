package dev.poslake.activities.etl.silver;

import static dev.poslake.activities.etl.support.EtlFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The silver fan-out's exactly-once cases on the real stack (Kafka, bronze, the object store, Iceberg), with the
 * phases called the way Temporal would call the activities: several parse attempts per group, lost results,
 * retried and stale commits. Each bronze file is one Kafka partition's range, so with 8 groups each partition is a
 * group of its own and a duplicate on two partitions is a duplicate across groups.
 */
@ExtendWith(PosStackExtension.class)
class SilverFanOutTest {
  static final String T = "2026-11-25T10:15:00.000Z";

  static String id() {
    return UUID.randomUUID().toString();
  }

  @Test
  void duplicatesAcrossGroupsAndLateRedeliveriesCountOnceAtTheLowestPosition(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      String twice = id();
      String bopis = id();
      String split = id();
      String m = message(twice, 1, 2, T, new int[][] {{100005, -1}, {100006, -2}}, null, null);
      f.send(6, twice, m);
      f.send(1, twice, m); // lower partition: this one is kept
      f.send(4, bopis, message(bopis, 0, 4, T, new int[][] {{100002, -1}}, null, null));
      f.send(5, bopis, message(bopis, 1, 4, T, new int[][] {{100002, -1}}, null, null));
      String p1 = message(split, 1, 3, T, new int[][] {{100007, 5}}, 1, 2);
      f.send(7, split, message(split, 1, 3, T, new int[][] {{100008, 7}}, 0, 2));
      f.send(2, split, p1);
      f.send(3, split, p1);
      f.send(0, "x", "not json");
      f.bronze();

      SilverProcessor p = new SilverProcessor(f.resources);
      SilverPlan plan = p.plan(0, 8);
      assertEquals(8, plan.groups().size(), "one group per partition's file");
      SilverResult r = p.commit(plan, SilverProcessorTest.parseAll(p, plan), ProgressReporter.none());
      assertEquals(8, r.bronzeRecordsRead());
      assertEquals(5, r.transactionParts()); // twice, bopis ×2, split part 0 and part 1
      assertEquals(2, r.duplicatesDropped());
      assertEquals(1, r.rejected());
      assertEquals(6, r.changeRows());
      Map<String, Integer> rows = SilverProcessorTest.changes(f); // fails on a row written twice
      assertEquals(6, rows.size());
      assertEquals(-2, rows.get(twice + "/1/0/1"));
      assertEquals(-1, rows.get(bopis + "/0/0/0"));
      assertEquals(-1, rows.get(bopis + "/1/0/0"));
      assertEquals(1, sourcePartitionOf(f, twice), "the lowest (partition, offset) is kept");
      assertEquals(2, sourcePartitionOf(f, split, 1));

      // a late re-delivery of a message silver has, twice in the next batch (in two groups), and a new one
      String fresh = id();
      f.send(0, twice, m);
      f.send(3, twice, m);
      f.send(5, fresh, message(fresh, 1, 1, "2026-11-26T08:00:00Z", new int[][] {{100009, -3}}, null, null));
      f.bronze();
      SilverResult r2 = SilverProcessorTest.silver(f);
      assertEquals(3, r2.bronzeRecordsRead());
      assertEquals(2, r2.duplicatesDropped());
      assertEquals(1, r2.transactionParts());
      assertEquals(1, r2.changeRows());
      assertEquals(7, SilverProcessorTest.changes(f).size());
      assertNoLeftovers(f);
    }
  }

  @Test
  void aParseAttemptThatDiedOrWhoseResultWasLostWritesNothingTwice(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < 40; i++) {
        String t = id();
        f.send(i % 8, t, message(t, 1, 1, T, new int[][] {{100001 + i, -1}}, null, null));
        expected.add(t + "/1/0/0");
      }
      f.send(3, "x", "{broken");
      f.bronze();
      SilverProcessor p = new SilverProcessor(f.resources);
      SilverPlan plan = p.plan(0, 8);
      List<SilverGroupResult> groups = new ArrayList<>(SilverProcessorTest.parseAll(p, plan));

      // group 3, first attempt: dies in the middle (its first heartbeat fails), after the others finished
      ProgressReporter dying = ProgressReporter.to(d -> {
        throw new IllegalStateException("worker died");
      }, Duration.ZERO);
      assertThrows(IllegalStateException.class, () -> p.parse(plan, 3, dying));
      // second attempt: completes, but Temporal never gets its result (the worker died before reporting)
      SilverGroupResult lost = p.parse(plan, 3, ProgressReporter.none());
      // third attempt: the one the workflow gets
      SilverGroupResult third = p.parse(plan, 3, ProgressReporter.none());
      assertFalse(lost.attempt().equals(third.attempt()), "every attempt writes its own files");
      groups.set(3, third);

      SilverResult r = p.commit(plan, groups, ProgressReporter.none());
      assertEquals(40, r.changeRows());
      assertEquals(1, r.rejected());
      assertEquals(expected, SilverProcessorTest.changes(f).keySet());
      assertEquals(1, f.rows(RejectedInventoryChangeTable.NAME).size());
      assertNoLeftovers(f);

      // the commit retried after it succeeded (its completion lost): nothing written, the same counts
      SilverResult again = p.commit(plan, groups, ProgressReporter.none());
      assertEquals(r.changeRows(), again.changeRows());
      assertEquals(r.duplicatesDropped(), again.duplicatesDropped());
      assertEquals(r.transactionParts(), again.transactionParts());
      assertEquals(40, SilverProcessorTest.changes(f).size());
      assertEquals(1, f.rows(RejectedInventoryChangeTable.NAME).size());

      // retried once more, after the next run committed its own batch on top: still recognised as committed
      String next = id();
      f.send(5, next, message(next, 1, 1, T, new int[][] {{100100, -3}}, null, null));
      f.bronze();
      SilverProcessorTest.silver(f);
      SilverResult late = p.commit(plan, groups, ProgressReporter.none());
      assertEquals(r.changeRows(), late.changeRows());
      assertEquals(41, SilverProcessorTest.changes(f).size());
      assertEquals(1, f.rows(RejectedInventoryChangeTable.NAME).size());
    }
  }

  @Test
  void aStaleCommitAttemptWakingAfterANewerOneWritesNothing(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      String a = id();
      String b = id();
      f.send(0, a, message(a, 1, 1, T, new int[][] {{100001, -1}}, null, null));
      f.send(1, "x", "not json");
      f.bronze();
      CountDownLatch paused = new CountDownLatch(1);
      CountDownLatch wake = new CountDownLatch(1);
      SilverProcessor pausing = new SilverProcessor(f.resources, () -> {
        paused.countDown();
        await(wake);
      });
      SilverPlan plan = pausing.plan(0, 8);
      List<SilverGroupResult> groups = SilverProcessorTest.parseAll(pausing, plan);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        // attempt 1 commits the rejects, then its worker stalls; Temporal times it out and retries the commit
        Future<SilverResult> stale = pool.submit(() -> pausing.commit(plan, groups, ProgressReporter.none()));
        assertTrue(paused.await(60, TimeUnit.SECONDS));
        new SilverProcessor(f.resources).commit(plan, groups, ProgressReporter.none());
        // the next run brings new rows and commits them
        f.send(2, b, message(b, 1, 1, T, new int[][] {{100002, -2}}, null, null));
        f.send(3, "y", "not json either");
        f.bronze();
        SilverProcessorTest.silver(f);

        wake.countDown();
        try {
          stale.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          assertTrue(e.getCause() instanceof SilverStateMovedException, e.toString());
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(Map.of(a + "/1/0/0", -1, b + "/1/0/0", -2), SilverProcessorTest.changes(f));
      assertEquals(2, f.rows(RejectedInventoryChangeTable.NAME).size(), "each reject once");
      assertEquals(0, SilverProcessorTest.silver(f).bronzeRecordsRead());
    }
  }

  @Test
  void theFilesOfAPlanWhoseRunDiedAreSweptOnceNoAttemptCanCommitThem(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      String a = id();
      f.send(0, a, message(a, 1, 1, T, new int[][] {{100001, -1}}, null, null));
      f.send(1, "x", "not json");
      f.bronze();
      // run 1 commits the rejects and dies; its plan's change files stay behind
      SilverProcessor dying = new SilverProcessor(f.resources, () -> {
        throw new IllegalStateException("run timed out");
      });
      SilverPlan dead = dying.plan(0, 8);
      List<SilverGroupResult> deadGroups = SilverProcessorTest.parseAll(dying, dead);
      assertThrows(IllegalStateException.class, () -> dying.commit(dead, deadGroups, ProgressReporter.none()));
      Table change = f.table(InventoryChangeTable.NAME);
      Table rejected = f.table(RejectedInventoryChangeTable.NAME);
      long now = System.currentTimeMillis();
      assertEquals(0, SilverStaging.sweepDeadPlans(change, rejected, null, now + Duration.ofHours(2).toMillis()),
          "its state has not moved on: a late attempt of it could still commit");

      // run 2 redoes the batch (its rejects are committed) and commits
      SilverResult r = SilverProcessorTest.silver(f);
      assertEquals(1, r.changeRows());
      assertFalse(filesUnder(change, SilverStaging.planPrefix(change, dead.planId())).isEmpty());
      assertEquals(0, SilverStaging.sweepDeadPlans(change, rejected, null, now), "too recent: an attempt may run");
      assertEquals(1, SilverStaging.sweepDeadPlans(change, rejected, null, now + Duration.ofHours(2).toMillis()));
      assertTrue(filesUnder(change, SilverStaging.planPrefix(change, dead.planId())).isEmpty());
      // what the dead plan committed (its rejects) stays
      assertEquals(1, f.rows(RejectedInventoryChangeTable.NAME).size());
      assertNoLeftovers(f);
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private static int sourcePartitionOf(EtlFixture f, String transId) {
    return sourcePartitionOf(f, transId, 0);
  }

  private static int sourcePartitionOf(EtlFixture f, String transId, int part) {
    Set<Integer> partitions = new HashSet<>();
    for (Record r : f.rows(InventoryChangeTable.NAME)) {
      if (r.getField(InventoryChangeTable.TRANS_ID).equals(transId)
          && (Integer) r.getField(InventoryChangeTable.PART) == part) {
        partitions.add((Integer) r.getField(InventoryChangeTable.SOURCE_PARTITION));
      }
    }
    assertEquals(1, partitions.size(), "rows of " + transId + " part " + part + " from " + partitions);
    return partitions.iterator().next();
  }

  /** Every file under the tables' silver plan prefixes is one a snapshot added: nothing uncommitted is left. */
  static void assertNoLeftovers(EtlFixture f) {
    for (String name : List.of(InventoryChangeTable.NAME, RejectedInventoryChangeTable.NAME)) {
      Table t = f.table(name);
      Set<String> referenced = new HashSet<>();
      for (Snapshot s : t.snapshots()) {
        for (DataFile d : s.addedDataFiles(t.io())) referenced.add(d.location());
      }
      String data = t.location() + "/data/silver-";
      List<String> leftovers = filesUnder(t, data).stream().filter(l -> !referenced.contains(l)).toList();
      assertEquals(List.of(), leftovers, name + ": uncommitted files left");
    }
  }

  static List<String> filesUnder(Table t, String prefix) {
    List<String> out = new ArrayList<>();
    for (FileInfo i : ((SupportsPrefixOperations) t.io()).listPrefix(prefix)) out.add(i.location());
    return out;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
