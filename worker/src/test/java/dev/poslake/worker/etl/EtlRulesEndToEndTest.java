package dev.poslake.worker.etl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.PipelineLag;
import dev.poslake.activities.etl.gold.GoldVerifier;
import dev.poslake.activities.etl.gold.VerifyReport;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.workflows.etl.EtlOptions;
import dev.poslake.workflows.etl.EtlRunSummary;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import dev.poslake.config.PosSettings;
import dev.poslake.worker.PipelineWorker;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SPEC's silver and gold rules, each a small hand-made case, through the whole pipeline: JSON messages
 * published to Kafka (key = trans_id) and recount CSVs uploaded to the bucket, then {@code EtlWorkflow} runs on
 * Temporal with a started worker, then assertions on the Iceberg tables and the run summaries.
 *
 * <p>Two ETL runs share one lane; every case uses its own item ids of store 1 (store 0 for the online BOPIS
 * row), so the cases cannot see each other. Run 1 carries almost everything; run 2 brings a duplicate
 * transaction and a duplicate part delivered again in a later run, an older recount file arriving last, and
 * one new change.
 */
@ExtendWith(PosStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EtlRulesEndToEndTest {
  static final int ONLINE = 0;
  static final int STORE = 1;
  static final int SALE = 1, SHRINK = 2, RESTOCK = 3, BOPIS = 4;

  static final int SAME_ITEM_TWICE = 100101;
  static final int AT_SNAPSHOT_TIME = 100102;
  static final int BOPIS_ITEM = 100103;
  static final int OLDER_THAN_SNAPSHOT = 100104;
  static final int DUPLICATE_TX = 100105;
  static final int SPLIT_A = 100106;
  static final int SPLIT_B = 100107;
  static final int TWO_SNAPSHOTS = 100108;
  static final int NO_SNAPSHOT = 100109;
  static final int ONLY_IN_OLD_FILE = 100110;
  static final int INVALID_TARGET = 100111;
  static final int RUN_2_CHANGE = 100112;

  static final String S1 = "2026-11-20 08:00:00"; // recount A (store 1) and B (store 0)
  static final String S2 = "2026-11-21 08:00:00"; // recount C (store 1): newer, for TWO_SNAPSHOTS only
  static final String S0 = "2026-11-19 08:00:00"; // recount D (store 1): older, arrives last (run 2)

  static final Map<Integer, Integer> FILE_A = Map.of(SAME_ITEM_TWICE, 50, AT_SNAPSHOT_TIME, 40, BOPIS_ITEM, 30,
      OLDER_THAN_SNAPSHOT, 20, DUPLICATE_TX, 60, SPLIT_A, 80, SPLIT_B, 90, TWO_SNAPSHOTS, 70, INVALID_TARGET, 10,
      RUN_2_CHANGE, 15);

  Lane lane;
  EtlRunSummary run1;
  EtlRunSummary run2;
  Map<Long, Record> goldAfter1;
  Map<Long, Record> goldAfter2;
  EtlRunSummary run4;
  Map<Long, Record> goldAfter4;
  PipelineLag lagAfter4;
  final Map<String, RecordMetadata> invalidSent = new TreeMap<>();
  long run1Records;

  @BeforeAll
  void runPipeline(PosConfig config) throws Exception {
    // every bronze file its own silver parse group: the rules hold across groups
    lane = Lane.open(config, "rules", 0, 0, Map.of(PosSettings.ETL_SILVER_GROUP_MIN_BYTES.key(), "0"),
        PipelineWorker::register);

    // ---- recount files of run 1
    upload(STORE, S1, FILE_A);
    upload(ONLINE, S1, Map.of(BOPIS_ITEM, 10));
    upload(STORE, S2, Map.of(TWO_SNAPSHOTS, 100));

    // ---- valid messages of run 1
    send(tx(STORE, SALE, "2026-11-20T10:00:00.000Z", null, SAME_ITEM_TWICE, -2, SAME_ITEM_TWICE, -3));
    send(tx(STORE, SALE, "2026-11-20T08:00:00.000Z", null, AT_SNAPSHOT_TIME, -4));
    String bopis = UUID.randomUUID().toString();
    send(bopis, msg(bopis, ONLINE, BOPIS, "2026-11-20T11:00:00.000Z", null, BOPIS_ITEM, -1));
    send(bopis, msg(bopis, STORE, BOPIS, "2026-11-20T11:00:00.000Z", null, BOPIS_ITEM, -1));
    send(tx(STORE, SHRINK, "2026-11-20T07:59:59.999Z", null, OLDER_THAN_SNAPSHOT, -5));
    String dup = UUID.randomUUID().toString();
    String dupMessage = msg(dup, STORE, SALE, "2026-11-20T12:00:00.000Z", null, DUPLICATE_TX, -1);
    send(dup, dupMessage);
    send(dup, dupMessage); // delivered twice in one run
    String split = UUID.randomUUID().toString();
    String part1 = msg(split, STORE, SALE, "2026-11-20T13:00:00.000Z", new int[] {1, 2}, SPLIT_A, -3);
    send(split, msg(split, STORE, SALE, "2026-11-20T13:00:00.000Z", new int[] {0, 2}, SPLIT_A, -1, SPLIT_B, -2));
    send(split, part1);
    send(tx(STORE, SALE, "2026-11-20T12:00:00.000Z", null, TWO_SNAPSHOTS, -7)); // before recount C: not counted
    send(tx(STORE, SALE, "2026-11-21T09:00:00.000Z", null, TWO_SNAPSHOTS, -1)); // after C: counted
    send(tx(STORE, SALE, "2026-11-20T10:00:00.000Z", null, NO_SNAPSHOT, -1));

    // ---- one invalid message of each kind, in the same run (valid ones above must still land)
    String id = UUID.randomUUID().toString();
    invalidSent.put("malformed_json", lane.publish(id, "{\"date_time\":\"2026-11-20T10:00:00.000Z\", oops"));
    id = UUID.randomUUID().toString();
    invalidSent.put("missing_field", lane.publish(id, "{\"date_time\":\"2026-11-20T10:00:00.000Z\",\"trans_id\":\""
        + id + "\",\"change_type_id\":1,\"items\":[{\"item_id\":" + INVALID_TARGET + ",\"quantity\":-1}]}"));
    id = UUID.randomUUID().toString();
    invalidSent.put("wrong_type", lane.publish(id, "{\"date_time\":\"2026-11-20T10:00:00.000Z\",\"trans_id\":\""
        + id + "\",\"store_id\":1,\"change_type_id\":1,\"items\":[{\"item_id\":" + INVALID_TARGET
        + ",\"quantity\":\"-1\"}]}"));
    id = UUID.randomUUID().toString();
    invalidSent.put("unknown_store", lane.publish(id, msg(id, 99, SALE, "2026-11-20T10:00:00.000Z", null,
        INVALID_TARGET, -1)));
    id = UUID.randomUUID().toString();
    invalidSent.put("unknown_change_type", lane.publish(id, msg(id, STORE, 9, "2026-11-20T10:00:00.000Z", null,
        INVALID_TARGET, -1)));
    id = UUID.randomUUID().toString();
    invalidSent.put("unknown_item", lane.publish(id, msg(id, STORE, SALE, "2026-11-20T10:00:00.000Z", null,
        INVALID_TARGET, -1, 99999, -1)));
    run1Records = lane.topicRecordCount();

    run1 = lane.etl();
    goldAfter1 = gold();

    // ---- run 2: the same transaction and the same part again, an older recount file last, one new change
    send(dup, dupMessage);
    send(split, part1);
    upload(STORE, S0, Map.of(TWO_SNAPSHOTS, 5, ONLY_IN_OLD_FILE, 3));
    upload(STORE, S1, FILE_A); // the same file re-uploaded (same name, same content): not ingested again
    send(tx(STORE, RESTOCK, "2026-11-22T09:00:00.000Z", null, RUN_2_CHANGE, 5));
    // late data for a day run 1 already wrote: a second file in that silver partition (run 3 compacts it)
    send(tx(STORE, RESTOCK, "2026-11-21T09:30:00.000Z", null, RUN_2_CHANGE, 2));
    run2 = lane.etl();
    goldAfter2 = gold();

    // ---- run 3 compacts every table (threshold 2 files) with nothing new; run 4 is idle
    EtlOptions d = EtlOptions.from(lane.config);
    lane.etl(new EtlOptions(d.maxOffsetsPerPartition(), 2, d.targetFileBytes(), d.expireSnapshotsOlderThanMillis(),
        d.retainSnapshots(), false));
    run4 = lane.etl();
    goldAfter4 = gold();
    lagAfter4 = PipelineLag.measure(lane.resources);
  }

  @AfterAll
  void close() throws Exception {
    if (lane != null) lane.close();
  }

  // ------------------------------------------------------------------------------------------------ rules

  @Test
  void sameItemTwiceInOneTransactionBothCount() {
    assertGold(goldAfter1, STORE, SAME_ITEM_TWICE, 50, -5, "2026-11-20T10:00:00Z");
    assertEquals(2, silverLines(STORE, SAME_ITEM_TWICE));
  }

  @Test
  void changeStampedExactlyAtTheSnapshotTimeCounts() {
    assertGold(goldAfter1, STORE, AT_SNAPSHOT_TIME, 40, -4, "2026-11-20T08:00:00Z");
  }

  @Test
  void onlineBopisRowIsNotCountedItsStoreRowIs() {
    assertGold(goldAfter1, STORE, BOPIS_ITEM, 30, -1, "2026-11-20T11:00:00Z");
    // store 0 has a recount of the item, so it is in gold: its BOPIS row must not move it
    assertGold(goldAfter1, ONLINE, BOPIS_ITEM, 10, 0, "2026-11-20T08:00:00Z");
    // both rows are in silver (same trans_id, different store: not duplicates)
    assertEquals(1, silverLines(ONLINE, BOPIS_ITEM));
    assertEquals(1, silverLines(STORE, BOPIS_ITEM));
  }

  @Test
  void changeOlderThanTheLatestSnapshotIsNotCounted() {
    assertGold(goldAfter1, STORE, OLDER_THAN_SNAPSHOT, 20, 0, "2026-11-20T08:00:00Z");
    assertEquals(1, silverLines(STORE, OLDER_THAN_SNAPSHOT)); // in silver, just not relevant
  }

  @Test
  void sameTransactionDeliveredTwiceAlsoInDifferentRunsCountsOnce() {
    assertGold(goldAfter1, STORE, DUPLICATE_TX, 60, -1, "2026-11-20T12:00:00Z");
    assertGold(goldAfter2, STORE, DUPLICATE_TX, 60, -1, "2026-11-20T12:00:00Z");
    assertEquals(1, silverLines(STORE, DUPLICATE_TX));
  }

  @Test
  void splitMessagePartsCountOnceEach() {
    assertGold(goldAfter1, STORE, SPLIT_A, 80, -4, "2026-11-20T13:00:00Z");
    assertGold(goldAfter1, STORE, SPLIT_B, 90, -2, "2026-11-20T13:00:00Z");
    // part 1 delivered again in run 2: still once
    assertGold(goldAfter2, STORE, SPLIT_A, 80, -4, "2026-11-20T13:00:00Z");
    assertEquals(2, silverLines(STORE, SPLIT_A));
    assertEquals(1, silverLines(STORE, SPLIT_B));
  }

  @Test
  void twoSnapshotsOfOnePairLatestWinsAndAnOlderFileArrivingLastIsIgnored() {
    assertGold(goldAfter1, STORE, TWO_SNAPSHOTS, 100, -1, "2026-11-21T09:00:00Z");
    assertGold(goldAfter2, STORE, TWO_SNAPSHOTS, 100, -1, "2026-11-21T09:00:00Z");
    Record latest = latest(STORE, TWO_SNAPSHOTS);
    assertEquals(100, latest.getField(LatestInventorySnapshotTable.QUANTITY));
    assertTrue(((String) latest.getField(LatestInventorySnapshotTable.SOURCE_FILE)).contains("2026-11-21_08-00-00"));
    // the older file's other pair had no recount: that pair's latest is the old file's row
    assertGold(goldAfter2, STORE, ONLY_IN_OLD_FILE, 3, 0, "2026-11-19T08:00:00Z");
    assertEquals(1, run2.snapshots().filesIngested());
    // every row ever ingested, the re-uploaded file A once: A 10 + B 1 + C 1 + D 2
    assertEquals(14, lane.count(InventorySnapshotTable.NAME));
  }

  @Test
  void changeWithoutSnapshotIsAbsentFromGoldAndCountedInTheSummary() {
    assertNull(goldAfter1.get(key(STORE, NO_SNAPSHOT)));
    assertNull(goldAfter2.get(key(STORE, NO_SNAPSHOT)));
    assertEquals(1, silverLines(STORE, NO_SNAPSHOT));
    assertEquals(1, run1.gold().pairsWithoutSnapshot(), "run 1 touched exactly one pair without a recount");
    assertEquals(0, run2.gold().pairsWithoutSnapshot());
  }

  @Test
  void eachInvalidKindIsRejectedWithItsReasonAndTheRunGoesOn() {
    Map<String, Long> expected = new TreeMap<>();
    invalidSent.keySet().forEach(r -> expected.put(r, 1L));
    assertEquals(expected, new TreeMap<>(run1.silver().rejectsByReason()));
    assertEquals(6, run1.silver().rejected());
    List<Record> rejected = lane.rows(RejectedInventoryChangeTable.NAME);
    assertEquals(6, rejected.size());
    Map<String, Record> byReason = new HashMap<>();
    rejected.forEach(r -> byReason.put((String) r.getField(RejectedInventoryChangeTable.REASON), r));
    assertEquals(invalidSent.keySet(), new TreeMap<>(byReason).keySet());
    invalidSent.forEach((reason, sent) -> {
      Record r = byReason.get(reason);
      assertEquals(sent.partition(), r.getField(RejectedInventoryChangeTable.SOURCE_PARTITION), reason);
      assertEquals(sent.offset(), r.getField(RejectedInventoryChangeTable.SOURCE_OFFSET), reason);
      assertNotNull(r.getField(RejectedInventoryChangeTable.RAW_VALUE), reason);
      assertFalse(((String) r.getField(RejectedInventoryChangeTable.DETAIL)).isBlank(), reason);
    });
    String raw = StandardCharsets.UTF_8.decode(
        ((ByteBuffer) byReason.get("malformed_json").getField(RejectedInventoryChangeTable.RAW_VALUE)).duplicate())
        .toString();
    assertEquals("{\"date_time\":\"2026-11-20T10:00:00.000Z\", oops", raw);
    // nothing of the invalid messages reached silver or gold
    assertEquals(0, silverLines(STORE, INVALID_TARGET));
    assertGold(goldAfter2, STORE, INVALID_TARGET, 10, 0, "2026-11-20T08:00:00Z");
    assertEquals(0, run2.silver().rejected());
  }

  // ------------------------------------------------------------------------------------------------ summary

  @Test
  void runSummariesCountWhatHappened() {
    assertEquals(run1Records, run1.bronze().stream().mapToLong(b -> b.records()).sum());
    assertEquals(0, run1.remainingLag());
    assertEquals(run1Records, run1.silver().bronzeRecordsRead());
    // 11 distinct valid parts (T1, T2, 2 BOPIS rows, T4, dup once, 2 split parts, 2 two-snapshot, no-snapshot)
    assertEquals(11, run1.silver().transactionParts());
    assertEquals(1, run1.silver().duplicatesDropped());
    assertEquals(3, run1.snapshots().filesIngested());
    assertEquals(4, run2.silver().bronzeRecordsRead()); // duplicate tx, duplicate part, 2 restocks
    assertEquals(2, run2.silver().transactionParts());
    assertEquals(2, run2.silver().duplicatesDropped());
    assertEquals(3, run2.snapshots().filesSkipped());
    assertGold(goldAfter2, STORE, RUN_2_CHANGE, 15, 7, "2026-11-22T09:00:00Z");
  }

  @Test
  void goldEqualsAFullRecomputationAndHasExactlyTheExpectedPairs() {
    VerifyReport report = new GoldVerifier(lane.resources, m -> { }).verify();
    assertTrue(report.ok(), report.toString());
    // 10 recounted pairs of store 1 from file A, 1 of store 0, plus ONLY_IN_OLD_FILE from file D
    assertEquals(11, goldAfter1.size());
    assertEquals(12, goldAfter2.size());
  }

  @Test
  void idleRunsAfterACompactionChangeNothingAndThePipelineIsCaughtUp() {
    assertEquals(goldAfter2.keySet(), goldAfter4.keySet());
    goldAfter2.forEach((k, r) -> assertEquals(r.toString(), goldAfter4.get(k).toString()));
    assertEquals(0, run4.silver().transactionParts());
    assertTrue(lagAfter4.caughtUp(), "nothing was published since run 2: " + lagAfter4);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private void upload(int store, String time, Map<Integer, Integer> quantities) {
    StringBuilder csv = new StringBuilder("item_id,employee_id,store_id,date_time,quantity\n");
    new TreeMap<>(quantities).forEach((item, q) ->
        csv.append(item).append(",4711,").append(store).append(',').append(time).append(',').append(q).append('\n'));
    lane.putObject("inventory_snapshots/inventory_snapshot_" + store + "_"
        + time.replace(' ', '_').replace(':', '-') + ".csv", csv.toString());
  }

  private record Tx(String transId, String json) {}

  private static Tx tx(int store, int type, String time, int[] part, int... itemQty) {
    String id = UUID.randomUUID().toString();
    return new Tx(id, msg(id, store, type, time, part, itemQty));
  }

  static String msg(String transId, int store, int type, String time, int[] part, int... itemQty) {
    StringBuilder b = new StringBuilder("{\"date_time\":\"").append(time).append("\",\"trans_id\":\"")
        .append(transId).append("\",\"store_id\":").append(store).append(",\"change_type_id\":").append(type)
        .append(",\"items\":[");
    for (int i = 0; i < itemQty.length; i += 2) {
      if (i > 0) b.append(',');
      b.append("{\"item_id\":").append(itemQty[i]).append(",\"quantity\":").append(itemQty[i + 1]).append('}');
    }
    b.append(']');
    if (part != null) b.append(",\"part\":").append(part[0]).append(",\"parts\":").append(part[1]);
    return b.append('}').toString();
  }

  private void send(Tx tx) throws Exception {
    send(tx.transId(), tx.json());
  }

  private void send(String key, String json) throws Exception {
    lane.publish(key, json);
  }

  static long key(int store, int item) {
    return ((long) store << 32) | item;
  }

  private Map<Long, Record> gold() {
    Map<Long, Record> out = new HashMap<>();
    for (Record r : lane.rows(CurrentInventoryTable.NAME)) {
      Record prev = out.put(key((Integer) r.getField(CurrentInventoryTable.STORE_ID),
          (Integer) r.getField(CurrentInventoryTable.ITEM_ID)), r);
      assertNull(prev, "two gold rows for one pair: " + r);
    }
    return out;
  }

  private Record latest(int store, int item) {
    return lane.rows(LatestInventorySnapshotTable.NAME).stream()
        .filter(r -> r.getField(LatestInventorySnapshotTable.STORE_ID).equals(store)
            && r.getField(LatestInventorySnapshotTable.ITEM_ID).equals(item))
        .reduce((a, b) -> {
          throw new AssertionError("two latest rows for " + store + "/" + item);
        })
        .orElseThrow();
  }

  private long silverLines(int store, int item) {
    return lane.rows(InventoryChangeTable.NAME).stream()
        .filter(r -> r.getField(InventoryChangeTable.STORE_ID).equals(store)
            && r.getField(InventoryChangeTable.ITEM_ID).equals(item))
        .count();
  }

  private static void assertGold(Map<Long, Record> gold, int store, int item, int snapshotQty, int changeQty,
      String dateTime) {
    Record r = gold.get(key(store, item));
    assertNotNull(r, "no gold row for store " + store + " item " + item);
    String where = "store " + store + " item " + item + ": " + r;
    assertEquals(snapshotQty, r.getField(CurrentInventoryTable.SNAPSHOT_QUANTITY), where);
    assertEquals((long) changeQty, r.getField(CurrentInventoryTable.CHANGE_QUANTITY), where);
    assertEquals((long) (snapshotQty + changeQty), r.getField(CurrentInventoryTable.CURRENT_INVENTORY), where);
    assertEquals(Instant.parse(dateTime), ((OffsetDateTime) r.getField(CurrentInventoryTable.DATE_TIME)).toInstant(),
        where);
  }
}
