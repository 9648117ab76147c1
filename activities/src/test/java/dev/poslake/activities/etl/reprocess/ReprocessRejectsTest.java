package dev.poslake.activities.etl.reprocess;

import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.Table;
import java.time.OffsetDateTime;
import java.nio.ByteBuffer;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.Commits;
import static dev.poslake.activities.etl.support.EtlFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.gold.GoldMerge;
import dev.poslake.activities.etl.gold.GoldVerifier;
import dev.poslake.activities.etl.gold.VerifyReport;
import dev.poslake.activities.etl.silver.SilverProcessor;
import dev.poslake.activities.etl.silver.SilverState;
import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PosStackExtension.class)
class ReprocessRejectsTest {
  static final String T = "2026-11-25T10:15:00.000Z";
  /** Never in item.txt. */
  static final int STILL_UNKNOWN = 999_999;
  /**
   * The bucket's reference files are shared by every test of the stack: each test adds an item of its own that no
   * earlier run added (ids 300000..899999 are not in the seed file).
   */
  private static final AtomicInteger NEXT_ITEM =
      new AtomicInteger(300_000 + (int) ((System.nanoTime() / 1000) % 500_000));

  /** Silver's and gold's steps as one ETL run has them (after bronze). */
  static void silverAndGold(EtlFixture f) {
    new SilverProcessor(f.resources).process(0, ProgressReporter.none());
    new GoldMerge(f.resources, w -> {}).run();
  }

  static int nextItem() {
    return NEXT_ITEM.incrementAndGet();
  }

  static String id() {
    return UUID.randomUUID().toString();
  }

  /** "trans/store/part/line" → quantity; fails on a row held twice. */
  static Map<String, Integer> changes(EtlFixture f) {
    Map<String, Integer> m = new TreeMap<>();
    for (Record r : f.rows(InventoryChangeTable.NAME)) {
      String k = r.getField("trans_id") + "/" + r.getField("store_id") + "/" + r.getField("part") + "/"
          + r.getField("line");
      assertEquals(null, m.put(k, (Integer) r.getField("quantity")), "row twice: " + k);
    }
    return m;
  }

  /** reason → [unmarked, marked] */
  static Map<String, String> rejects(EtlFixture f) {
    Map<String, long[]> n = new TreeMap<>();
    for (Record r : f.rows(RejectedInventoryChangeTable.NAME)) {
      long[] c = n.computeIfAbsent((String) r.getField("reason"), k -> new long[2]);
      boolean marked = r.getField(RejectedInventoryChangeTable.REPROCESS_ID) != null;
      assertEquals(marked, r.getField(RejectedInventoryChangeTable.REPROCESSED_AT) != null);
      c[marked ? 1 : 0]++;
    }
    Map<String, String> out = new TreeMap<>();
    n.forEach((k, c) -> out.put(k, c[0] + " unmarked, " + c[1] + " marked"));
    return out;
  }

  /** item.txt in the bucket with one more item; silver's validation reloads it (its ETag changed). */
  static void addItem(EtlFixture f, int item) {
    String key = ReferenceTables.Source.ITEM.key();
    String items = new String(f.resources.objectStore().getIfExists(key).orElseThrow(), StandardCharsets.UTF_8);
    f.resources.objectStore().put(key, (items + item + ",item_added,1,10\n").getBytes(StandardCharsets.UTF_8));
  }

  static void assertGoldVerifies(EtlFixture f) {
    VerifyReport report = new GoldVerifier(f.resources, m -> {}).verify();
    assertTrue(report.ok(), "gold == full recomputation: " + report);
  }

  static long silverSnapshot(EtlFixture f) {
    return f.table(InventoryChangeTable.NAME).currentSnapshot().snapshotId();
  }

  /** Rejects of an unknown item, fixed in item.txt: exactly those rows reach silver, then gold, once. */
  @Test
  void unknownItemFixedThenReprocessed(PosConfig config) throws Exception {
    int newItem = nextItem();
    try (EtlFixture f = EtlFixture.create(config, true)) {
      String ok = id();
      String late = id();
      String split = id();
      String still = id();
      f.send(0, ok, message(ok, 1, 1, T, new int[][] {{100001, -1}}, null, null));
      String lateMsg = message(late, 1, 1, T, new int[][] {{100002, -2}, {newItem, -3}}, null, null);
      f.send(1, late, lateMsg);
      f.send(2, late, lateMsg); // the same message on another partition: both rejected, one row set added
      f.send(3, split, message(split, 1, 3, T, new int[][] {{100003, 5}}, 0, 2));
      f.send(3, split, message(split, 1, 3, T, new int[][] {{newItem, 7}}, 1, 2));
      f.send(4, still, message(still, 1, 1, T, new int[][] {{STILL_UNKNOWN, -1}}, null, null));
      f.send(5, "bad", "{not json");
      f.bronze();
      silverAndGold(f);
      assertEquals(Map.of("malformed_json", "1 unmarked, 0 marked", "unknown_item", "4 unmarked, 0 marked"),
          rejects(f));
      Map<String, Integer> before = changes(f);
      assertEquals(2, before.size());
      long processedBronze = SilverState.processedBronze(f.table(InventoryChangeTable.NAME)).orElseThrow();

      addItem(f, newItem);
      RejectReprocessor reprocessor = new RejectReprocessor(f.resources);
      String reprocessId = id();
      ReprocessResult r = reprocessor.run(ReprocessRequest.all(), reprocessId, ProgressReporter.none());

      assertEquals(Map.of("malformed_json", new ReasonCounts(0, 1), "unknown_item", new ReasonCounts(3, 1)),
          r.byReason());
      assertEquals(Map.of("malformed_json", 1L, "unknown_item", 1L), r.stillRejectedAs());
      assertEquals(2, r.parts());
      assertEquals(3, r.rowsAdded());
      assertEquals(1, r.duplicates());
      assertEquals(3, r.rejectsMarked());
      Map<String, Integer> after = changes(f);
      Map<String, Integer> expected = new TreeMap<>(before);
      expected.put(late + "/1/0/0", -2);
      expected.put(late + "/1/0/1", -3);
      expected.put(split + "/1/1/0", 7);
      assertEquals(expected, after);
      assertEquals(Map.of("malformed_json", "1 unmarked, 0 marked", "unknown_item", "1 unmarked, 3 marked"),
          rejects(f));
      // the ETL's next batch starts where it would have
      assertEquals(processedBronze, SilverState.processedBronze(f.table(InventoryChangeTable.NAME)).orElseThrow());

      new GoldMerge(f.resources, w -> {}).run();
      assertGoldVerifies(f);

      // again: nothing passes any more, nothing changes
      long silverAt = silverSnapshot(f);
      ReprocessResult again = reprocessor.run(ReprocessRequest.all(), id(), ProgressReporter.none());
      assertEquals(0, again.passed());
      assertEquals(silverAt, silverSnapshot(f));
      assertEquals(expected, changes(f));

      // a late re-delivery of the reprocessed message is a duplicate for the ETL too; its next batch is only new
      String next = id();
      f.send(6, late, lateMsg);
      f.send(6, next, message(next, 1, 1, T, new int[][] {{newItem, 4}}, null, null));
      f.bronze();
      silverAndGold(f);
      expected.put(next + "/1/0/0", 4);
      assertEquals(expected, changes(f));
      assertGoldVerifies(f);
    }
  }

  /**
   * A record the release before this one quarantined as {@code wrong_type} because its trans_id was not a UUID
   * (any non-empty string up to 128 characters passes today): its reject row, as that release wrote it, is
   * reprocessed into silver with its trans_id as sent, once.
   */
  @Test
  void nonUuidTransIdRejectedByTheOldRuleIsReprocessable(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(config, true)) {
      String posId = "T-0001-20260301-000123";
      String raw = message(posId, 1, 1, T, new int[][] {{100004, -2}, {100005, -1}}, null, null);
      Table rejected = f.table(RejectedInventoryChangeTable.NAME);
      GenericRecord row = GenericRecord.create(rejected.schema());
      row.setField(RejectedInventoryChangeTable.TOPIC, f.resources.topic());
      row.setField(RejectedInventoryChangeTable.SOURCE_PARTITION, 0);
      row.setField(RejectedInventoryChangeTable.SOURCE_OFFSET, 41L);
      row.setField(RejectedInventoryChangeTable.RAW_VALUE, ByteBuffer.wrap(raw.getBytes(StandardCharsets.UTF_8)));
      row.setField(RejectedInventoryChangeTable.REASON, "wrong_type");
      row.setField(RejectedInventoryChangeTable.DETAIL, "trans_id: not a UUID");
      row.setField(RejectedInventoryChangeTable.REJECTED_AT, OffsetDateTime.parse("2026-11-24T09:00:00Z"));
      try (RecordAppender out = RecordAppender.forTable(rejected)) {
        out.write(row);
        Commits.append(rejected, out.complete().dataFiles(), Map.of());
      }

      RejectReprocessor reprocessor = new RejectReprocessor(f.resources);
      ReprocessResult r = reprocessor.run(ReprocessRequest.all(), id(), ProgressReporter.none());
      assertEquals(Map.of("wrong_type", new ReasonCounts(1, 0)), r.byReason());
      assertEquals(2, r.rowsAdded());
      assertEquals(Map.of(posId + "/1/0/0", -2, posId + "/1/0/1", -1), changes(f));
      assertEquals(Map.of("wrong_type", "0 unmarked, 1 marked"), rejects(f));
      assertEquals(0, reprocessor.run(ReprocessRequest.all(), id(), ProgressReporter.none()).passed());
      new GoldMerge(f.resources, w -> {}).run();
      assertGoldVerifies(f);
    }
  }

  /** A crash after the silver commit, before the marking: the retry finds the commit, adds nothing, marks. */
  @Test
  void crashBetweenSilverCommitAndMarking(PosConfig config) throws Exception {
    int newItem = nextItem();
    try (EtlFixture f = EtlFixture.create(config, true)) {
      String late = id();
      f.send(0, late, message(late, 1, 1, T, new int[][] {{newItem, -1}}, null, null));
      f.bronze();
      silverAndGold(f);
      addItem(f, newItem);
      String reprocessId = id();
      RejectReprocessor crashing = new RejectReprocessor(f.resources, new ReprocessHook() {
        @Override
        public void afterSilverCommit() {
          throw new IllegalStateException("crash after the silver commit");
        }
      });
      assertThrows(IllegalStateException.class,
          () -> crashing.run(ReprocessRequest.all(), reprocessId, ProgressReporter.none()));
      assertEquals(1, changes(f).size());
      assertEquals(Map.of("unknown_item", "1 unmarked, 0 marked"), rejects(f));

      RejectReprocessor retry = new RejectReprocessor(f.resources);
      ReprocessResult r = retry.run(ReprocessRequest.all(), reprocessId, ProgressReporter.none());
      assertEquals(1, r.rowsAdded()); // as committed by the first attempt
      assertEquals(1, r.rejectsMarked());
      assertEquals(1, changes(f).size());
      assertEquals(Map.of("unknown_item", "0 unmarked, 1 marked"), rejects(f));
      // and the marking step again (its retry after its commit) marks nothing twice
      assertEquals(1, retry.markRejects(reprocessId, ProgressReporter.none()));
      new GoldMerge(f.resources, w -> {}).run();
      assertGoldVerifies(f);
    }
  }

  /** --dry-run counts and changes nothing; --reason and --since select. */
  @Test
  void dryRunAndFilters(PosConfig config) throws Exception {
    int newItem = nextItem();
    try (EtlFixture f = EtlFixture.create(config, true)) {
      String late = id();
      f.send(0, late, message(late, 1, 1, T, new int[][] {{newItem, -1}}, null, null));
      f.send(1, "x", "{not json");
      f.bronze();
      silverAndGold(f);
      addItem(f, newItem);
      long silverAt = silverSnapshot(f);
      long rejectedAt = f.table(RejectedInventoryChangeTable.NAME).currentSnapshot().snapshotId();
      RejectReprocessor reprocessor = new RejectReprocessor(f.resources);

      ReprocessResult dry = reprocessor.preview(ReprocessRequest.all().asDryRun(), ProgressReporter.none());
      assertTrue(dry.dryRun());
      assertEquals(Map.of("malformed_json", new ReasonCounts(0, 1), "unknown_item", new ReasonCounts(1, 0)),
          dry.byReason());
      assertEquals(1, dry.rowsAdded()); // would add
      assertEquals(silverAt, silverSnapshot(f));
      assertEquals(rejectedAt, f.table(RejectedInventoryChangeTable.NAME).currentSnapshot().snapshotId());

      ReprocessResult other = reprocessor.preview(new ReprocessRequest("malformed_json", null, true),
          ProgressReporter.none());
      assertEquals(Map.of("malformed_json", new ReasonCounts(0, 1)), other.byReason());
      ReprocessResult future = reprocessor.preview(
          new ReprocessRequest(null, System.currentTimeMillis() + 3_600_000L, true), ProgressReporter.none());
      assertEquals(Map.of(), future.byReason());
    }
  }
}
