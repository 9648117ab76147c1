package dev.poslake.activities.etl.silver;

import static dev.poslake.activities.etl.support.EtlFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.io.Commits;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.testing.PosStackExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PosStackExtension.class)
class SilverProcessorTest {
  static final String T = "2026-11-25T10:15:00.000Z";

  static void bronze(EtlFixture f) throws Exception {
    f.bronze();
  }

  /** Every bronze file a parse group of its own (up to the 8 the plan is asked for), however small. */
  static PosConfig groupPerFile(PosConfig config) {
    return config.with(Map.of(PosSettings.ETL_SILVER_GROUP_MIN_BYTES.key(), "0"));
  }

  /** The silver step as the workflow runs it: plan, the groups parsed in parallel (2 threads), commit. */
  static SilverResult silver(EtlFixture f) {
    return fanOut(new SilverProcessor(f.resources), 0);
  }

  static SilverResult fanOut(SilverProcessor p, int maxBronzeSnapshots) {
    SilverPlan plan = p.plan(maxBronzeSnapshots, 8);
    if (!plan.hasWork()) return plan.nothingDone();
    return p.commit(plan, parseAll(p, plan), ProgressReporter.none());
  }

  static List<SilverGroupResult> parseAll(SilverProcessor p, SilverPlan plan) {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<SilverGroupResult>> parsing = new ArrayList<>();
      for (SilverPlan.ParseGroup g : plan.groups()) {
        parsing.add(pool.submit(() -> p.parse(plan, g.index(), ProgressReporter.none())));
      }
      List<SilverGroupResult> out = new ArrayList<>();
      for (Future<SilverGroupResult> r : parsing) out.add(r.get());
      return out;
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  static String id() {
    return UUID.randomUUID().toString();
  }

  /** "trans/store/part/line" → quantity. */
  static Map<String, Integer> changes(EtlFixture f) {
    Map<String, Integer> m = new TreeMap<>();
    for (Record r : f.rows(InventoryChangeTable.NAME)) {
      String k = r.getField("trans_id") + "/" + r.getField("store_id") + "/" + r.getField("part") + "/"
          + r.getField("line");
      assertEquals(null, m.put(k, (Integer) r.getField("quantity")), "row twice: " + k);
    }
    return m;
  }

  static Map<String, Long> rejectReasons(EtlFixture f) {
    return f.rows(RejectedInventoryChangeTable.NAME).stream()
        .collect(Collectors.groupingBy(r -> (String) r.getField("reason"), TreeMap::new, Collectors.counting()));
  }

  @Test
  void rulesDuplicatesAndRejects(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      String t1 = id();
      String t2 = id();
      String t3 = id();
      String t4 = id();
      // same item twice in one transaction: both lines count
      f.send(0, t1, message(t1, 1, 1, T, new int[][] {{100001, -1}, {100001, -2}}, null, null));
      // BOPIS: the online store and the fulfilling store, same trans_id: both kept
      f.send(1, t2, message(t2, 0, 4, T, new int[][] {{100002, -1}}, null, null));
      f.send(1, t2, message(t2, 1, 4, T, new int[][] {{100002, -1}}, null, null));
      // split message: each part once, part 0 delivered twice in the same batch
      String p0 = message(t3, 1, 3, T, new int[][] {{100003, 5}}, 0, 2);
      f.send(2, t3, p0);
      f.send(2, t3, message(t3, 1, 3, T, new int[][] {{100004, 7}}, 1, 2));
      f.send(2, t3, p0);
      // the same message on two partitions (a replay with another partitioner)
      String m4 = message(t4, 1, 2, "2026-11-24T23:59:59.999Z", new int[][] {{100005, -1}}, null, null);
      f.send(3, t4, m4);
      f.send(5, t4, m4);
      // each kind of invalid message, spread over partitions; the rest of the batch goes on
      f.send(4, "x", "not json");
      f.send(4, "x", "{\"date_time\":\"" + T + "\",\"trans_id\":\"" + id()
          + "\",\"change_type_id\":1,\"items\":[{\"item_id\":100001,\"quantity\":-1}]}");
      f.send(6, "x", "{\"date_time\":\"" + T + "\",\"trans_id\":\"" + id()
          + "\",\"store_id\":\"1\",\"change_type_id\":1,\"items\":[{\"item_id\":100001,\"quantity\":-1}]}");
      f.send(6, "x", message(id(), 99, 1, T, new int[][] {{100001, -1}}, null, null));
      f.send(7, "x", message(id(), 1, 9, T, new int[][] {{100001, -1}}, null, null));
      f.send(7, "x", message(id(), 1, 1, T, new int[][] {{100001, -1}, {999, -1}}, null, null));
      bronze(f);

      SilverResult r = silver(f);
      assertEquals(14, r.bronzeRecordsRead());
      assertEquals(7, r.changeRows());
      assertEquals(6, r.transactionParts());
      assertEquals(2, r.duplicatesDropped());
      assertEquals(6, r.rejected());
      Map<String, Long> expectedReasons = Map.of("malformed_json", 1L, "missing_field", 1L, "wrong_type", 1L,
          "unknown_store", 1L, "unknown_change_type", 1L, "unknown_item", 1L);
      assertEquals(expectedReasons, r.rejectsByReason());
      assertEquals(expectedReasons, rejectReasons(f));

      Map<String, Integer> rows = changes(f);
      assertEquals(7, rows.size());
      assertEquals(-1, rows.get(t1 + "/1/0/0"));
      assertEquals(-2, rows.get(t1 + "/1/0/1"));
      assertEquals(-1, rows.get(t2 + "/0/0/0"));
      assertEquals(-1, rows.get(t2 + "/1/0/0"));
      assertEquals(5, rows.get(t3 + "/1/0/0"));
      assertEquals(7, rows.get(t3 + "/1/1/0"));
      assertEquals(-1, rows.get(t4 + "/1/0/0"));
      // the kept occurrence is the lowest (partition, offset): deterministic under retries
      Record r4 = f.rows(InventoryChangeTable.NAME).stream().filter(x -> x.getField("trans_id").equals(t4))
          .findFirst().orElseThrow();
      assertEquals(3, r4.getField("source_partition"));

      Record bad = f.rows(RejectedInventoryChangeTable.NAME).stream()
          .filter(x -> x.getField("reason").equals("malformed_json")).findFirst().orElseThrow();
      assertEquals("not json", StandardCharsets.UTF_8.decode((ByteBuffer) bad.getField("raw_value")).toString());
      assertEquals(4, bad.getField("source_partition"));
      assertEquals(0L, bad.getField("source_offset"));
      assertEquals(f.topic, bad.getField("topic"));

      // summary keys for incremental readers
      Snapshot s = f.table(InventoryChangeTable.NAME).currentSnapshot();
      assertEquals("append", s.operation());
      assertEquals(Long.toString(r.toBronzeSnapshotId()), s.summary().get(SilverState.BRONZE_SNAPSHOT));

      // a later run: a duplicate of an old transaction, much later, counts once; a new one is added
      String t5 = id();
      f.send(5, t1, message(t1, 1, 1, T, new int[][] {{100001, -1}, {100001, -2}}, null, null));
      f.send(5, t5, message(t5, 1, 1, "2026-11-26T08:00:00Z", new int[][] {{100006, -3}}, null, null));
      bronze(f);
      SilverResult r2 = silver(f);
      assertEquals(2, r2.bronzeRecordsRead());
      assertEquals(1, r2.duplicatesDropped());
      assertEquals(1, r2.changeRows());
      assertEquals(r.toBronzeSnapshotId(), r2.fromBronzeSnapshotId());
      assertEquals(8, changes(f).size());

      // a retry after everything committed: nothing new, nothing doubled
      SilverResult r3 = silver(f);
      assertEquals(0, r3.bronzeRecordsRead());
      assertEquals(8, changes(f).size());
      assertEquals(6, f.rows(RejectedInventoryChangeTable.NAME).size());
    }
  }

  @Test
  void bronzeRowsOutOfPositionOrderFallBackToASecondPassThatKeepsTheLowestPosition(PosConfig config)
      throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      String t = id();
      String other = id();
      String m = message(t, 1, 2, T, new int[][] {{100005, -1}}, null, null);
      String m2 = message(other, 1, 2, T, new int[][] {{100006, -2}}, null, null);
      // one bronze file with offsets 5, 3, 4 of partition 0: the bronze step never writes that, nothing forbids it
      Table bronze = RawInventoryChangeTable.DEFINITION.ensure(f.resources.catalog(), f.resources.namespace());
      try (RecordAppender out = RecordAppender.clustered(bronze)) {
        out.write(bronzeRow(bronze, f.topic, 5, m));
        out.write(bronzeRow(bronze, f.topic, 3, m));
        out.write(bronzeRow(bronze, f.topic, 4, m2));
        Commits.append(bronze, out.complete().dataFiles(), Map.of());
      }

      SilverResult r = silver(f);
      assertEquals(3, r.bronzeRecordsRead());
      assertEquals(2, r.changeRows());
      assertEquals(1, r.duplicatesDropped());
      Record kept = f.rows(InventoryChangeTable.NAME).stream().filter(x -> x.getField("trans_id").equals(t))
          .findFirst().orElseThrow();
      assertEquals(3L, kept.getField("source_offset"), "the lowest position wins, not the first one read");
      assertEquals(2, changes(f).size());
    }
  }

  static Record bronzeRow(Table bronze, String topic, long offset, String value) {
    Record row = GenericRecord.create(bronze.schema());
    row.setField(RawInventoryChangeTable.TOPIC, topic);
    row.setField(RawInventoryChangeTable.PARTITION, 0);
    row.setField(RawInventoryChangeTable.OFFSET, offset);
    row.setField(RawInventoryChangeTable.VALUE, ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
    row.setField(RawInventoryChangeTable.INGESTED_AT, OffsetDateTime.parse(T));
    return row;
  }

  @Test
  void crashBetweenTheTwoCommitsThenRetry(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      for (int i = 0; i < 20; i++) {
        String t = id();
        f.send(i % 8, t, message(t, 1, 1, T, new int[][] {{100001 + i, -1}, {100100, -1}}, null, null));
      }
      f.send(0, "x", "{oops");
      bronze(f);
      SilverProcessor crashing = new SilverProcessor(f.resources, () -> {
        throw new IllegalStateException("worker died");
      });
      SilverPlan plan = crashing.plan(0, 8);
      List<SilverGroupResult> groups = parseAll(crashing, plan);
      assertThrows(IllegalStateException.class, () -> crashing.commit(plan, groups, ProgressReporter.none()));
      assertEquals(1, f.rows(RejectedInventoryChangeTable.NAME).size());
      assertEquals(0, f.rows(InventoryChangeTable.NAME).size());

      // Temporal retries the commit activity with the same plan and groups: the rejects are not committed twice
      SilverResult retried = new SilverProcessor(f.resources).commit(plan, groups, ProgressReporter.none());
      assertEquals(40, retried.changeRows());
      assertEquals(1, retried.rejected());
      assertEquals(1, f.rows(RejectedInventoryChangeTable.NAME).size());
      assertEquals(40, changes(f).size());
      assertEquals(0, silver(f).bronzeRecordsRead(), "nothing left");
    }
  }

  @Test
  void crashBetweenTheTwoCommitsThenANewRunRedoesTheSameBatch(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      for (int i = 0; i < 20; i++) {
        String t = id();
        f.send(i % 8, t, message(t, 1, 1, T, new int[][] {{100001 + i, -1}, {100100, -1}}, null, null));
      }
      f.send(0, "x", "{oops");
      bronze(f);
      SilverProcessor crashing = new SilverProcessor(f.resources, () -> {
        throw new IllegalStateException("worker died");
      });
      // the legacy single activity: its retry plans again
      assertThrows(IllegalStateException.class, () -> crashing.process(0, ProgressReporter.none()));
      assertEquals(1, f.rows(RejectedInventoryChangeTable.NAME).size());
      assertEquals(0, f.rows(InventoryChangeTable.NAME).size());

      // meanwhile more bronze arrived: the retry must still process exactly the batch the rejects covered
      String late = id();
      f.send(3, late, message(late, 1, 1, T, new int[][] {{100050, -1}}, null, null));
      bronze(f);

      SilverResult retry = silver(f);
      assertEquals(40, retry.changeRows());
      assertEquals(1, retry.rejected());
      assertEquals(1, f.rows(RejectedInventoryChangeTable.NAME).size(), "rejects are not committed twice");
      assertEquals(40, changes(f).size());

      SilverResult next = silver(f);
      assertEquals(1, next.changeRows());
      assertEquals(41, changes(f).size());
      assertEquals(1, f.rows(RejectedInventoryChangeTable.NAME).size());
    }
  }

  @Test
  void capOnBronzeSnapshots(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      String a = id();
      f.send(0, a, message(a, 1, 1, T, new int[][] {{100001, -1}}, null, null));
      bronze(f);
      String b = id();
      f.send(0, b, message(b, 1, 1, T, new int[][] {{100002, -1}}, null, null));
      bronze(f);
      SilverProcessor p = new SilverProcessor(f.resources);
      assertEquals(1, fanOut(p, 1).changeRows());
      // the single activity of runs started before the fan-out: the same phases, one after the other
      assertEquals(1, p.process(1, ProgressReporter.none()).changeRows());
      assertEquals(0, fanOut(p, 1).bronzeRecordsRead());
      assertEquals(0, p.process(1, ProgressReporter.none()).bronzeRecordsRead());
      assertNotNull(changes(f).get(b + "/1/0/0"));
      assertTrue(changes(f).containsKey(a + "/1/0/0"));
    }
  }
}
