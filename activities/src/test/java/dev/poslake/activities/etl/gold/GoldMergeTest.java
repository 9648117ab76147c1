package dev.poslake.activities.etl.gold;

import static dev.poslake.activities.etl.EtlFixture.change;
import static dev.poslake.activities.etl.EtlFixture.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.EtlFixture;
import dev.poslake.activities.etl.domain.ChangeRow;
import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.domain.GoldRule;
import dev.poslake.activities.etl.domain.PairKey;
import dev.poslake.activities.etl.domain.SnapshotRow;
import dev.poslake.activities.etl.snapshot.SnapshotIngest;
import dev.poslake.activities.generator.TruthFixture;
import dev.poslake.activities.verify.GeneratorTruthCheck;
import dev.poslake.activities.etl.maintenance.SnapshotExpirer;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PosStackExtension.class)
class GoldMergeTest {
  static final Instant S = Instant.parse("2026-11-20T08:00:00Z");
  static final int SALE = 1;
  static final int SHRINK = 2;
  static final int RESTOCK = 3;
  static final int BOPIS = 4;

  static GoldResult merge(EtlFixture f) {
    return new GoldMerge(f.res, w -> {}).run();
  }

  static void ingest(EtlFixture f) {
    new SnapshotIngest(f.res, w -> {}).run();
  }

  static Map<Long, GoldRow> gold(EtlFixture f) {
    Map<Long, GoldRow> out = new TreeMap<>();
    TableReader.of(f.table(CurrentInventoryTable.NAME)).forEach(r -> {
      GoldRow g = GoldRecords.gold(r);
      out.put(PairKey.of(g.storeId(), g.itemId()), g);
    });
    return out;
  }

  static GoldRow row(int store, int item, int q, long change, Instant t) {
    return new GoldRow(store, item, q, change, q + change, t);
  }

  @Test
  void goldRuleCasesThroughTheTables(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      f.uploadCsv(1, S, List.of(line(100001, 1, S, 10), line(100002, 1, S, 20), line(100003, 1, S, 30),
          line(100004, 1, S, 40)));
      ingest(f);
      Instant t1 = S.plusSeconds(60);
      f.appendChanges(List.of(
          change(1, 100001, t1, SALE, -2), change(1, 100001, t1, SALE, -3), // same item twice: both count
          change(1, 100002, S, SALE, -1),                                   // exactly at S: counted
          change(0, 100003, t1, BOPIS, -4), change(1, 100003, t1, BOPIS, -4), // online copy not counted
          change(1, 100004, S.minusSeconds(1), RESTOCK, 50),                // before S: not counted
          change(1, 100005, t1, SALE, -1), change(2, 100001, t1, SALE, -1))); // no snapshot
      GoldResult r = merge(f);
      Map<Long, GoldRow> expected = new TreeMap<>(Map.of(
          PairKey.of(1, 100001), row(1, 100001, 10, -5, t1),
          PairKey.of(1, 100002), row(1, 100002, 20, -1, S),
          PairKey.of(1, 100003), row(1, 100003, 30, -4, t1),
          PairKey.of(1, 100004), row(1, 100004, 40, 0, S)));
      assertEquals(expected, gold(f));
      assertEquals(3, r.pairsWithoutSnapshot(), "(1,100005), (2,100001) and the online (0,100003)");
      assertEquals(4, r.rowsUpserted());

      // incremental: one new change extends one pair, one is too old, one still has no snapshot
      Instant t2 = S.plusSeconds(3600);
      f.appendChanges(List.of(change(1, 100002, t2, RESTOCK, 6), change(1, 100004, S.minusSeconds(5), SALE, -9),
          change(1, 100005, t2, SALE, -1)));
      GoldResult r2 = merge(f);
      assertEquals(3, r2.keysTouched());
      assertEquals(1, r2.rowsUpserted());
      assertEquals(1, r2.pairsWithoutSnapshot());
      assertEquals(3, r2.silverRowsRead());
      assertEquals(t2.toEpochMilli(), r2.newestEventMillis());
      expected.put(PairKey.of(1, 100002), row(1, 100002, 20, 5, t2));
      assertEquals(expected, gold(f));

      // a newer recount resets the pair: changes before it drop out
      Instant s2 = S.plusSeconds(7200);
      f.uploadCsv(1, s2, List.of(line(100001, 1, s2, 3)));
      ingest(f);
      f.appendChanges(List.of(change(1, 100001, s2.minusSeconds(10), SALE, -1), change(1, 100001, s2, SALE, -1)));
      merge(f);
      expected.put(PairKey.of(1, 100001), row(1, 100001, 3, -1, s2));
      assertEquals(expected, gold(f));

      // retry after the commit changes nothing
      long goldSnapshot = f.table(CurrentInventoryTable.NAME).currentSnapshot().snapshotId();
      assertEquals(new GoldResult(0, 0, 0, 0, 0), merge(f));
      assertEquals(goldSnapshot, f.table(CurrentInventoryTable.NAME).currentSnapshot().snapshotId());

      VerifyReport v = new GoldVerifier(f.res, w -> {})
          .compareWith(GeneratorTruthCheck.source(f.res.objectStore())).verify();
      assertTrue(v.ok(), v.toString());
      assertEquals(4, v.pairsCompared());

      // truth: two pairs right, one wrong, one simulated pair missing from gold
      TruthFixture.save(f.res.objectStore(), s2.toEpochMilli(), new int[] {1}, new int[] {100001, 100002, 100003,
          100099}, new int[][] {{2, 25, 99, 1}});
      VerifyReport t = new GoldVerifier(f.res, w -> {})
          .compareWith(GeneratorTruthCheck.source(f.res.objectStore())).verify();
      assertEquals(4, t.truthPairsCompared()); // 100004 is not simulated: not compared
      assertEquals(2, t.truthMismatches()); // 100003 (gold 26, true 99) and 100099 (missing from gold)
      assertEquals(false, t.ok());
      f.res.objectStore().s3().deleteObject(b -> b.bucket(f.res.objectStore().bucket()).key("generator/state.bin"));
    }
  }

  /** Snapshot expiry must not remove the silver snapshot gold consumed last: the next merge stays incremental. */
  @Test
  void expiryKeepsWhatGoldConsumedLast(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      f.uploadCsv(1, S, List.of(line(100001, 1, S, 10)));
      ingest(f);
      f.appendChanges(List.of(change(1, 100001, S.plusSeconds(60), SALE, -1)));
      merge(f);
      long consumed = Long.parseLong(SnapshotProperties.latest(f.table(CurrentInventoryTable.NAME),
          GoldSummaryKeys.SILVER_SNAPSHOT_ID).orElseThrow());
      f.appendChanges(List.of(change(1, 100001, S.plusSeconds(120), SALE, -1)));
      f.appendChanges(List.of(change(1, 100001, S.plusSeconds(180), SALE, -1)));
      new SnapshotExpirer(f.res).expire(InventoryChangeTable.NAME, 0, 1, ProgressReporter.none());
      assertNotNull(f.table(InventoryChangeTable.NAME).snapshot(consumed), "gold's input was expired");
      merge(f);
      assertEquals("incremental",
          f.table(CurrentInventoryTable.NAME).currentSnapshot().summary().get(GoldSummaryKeys.MODE));
      assertEquals(row(1, 100001, 10, -3, S.plusSeconds(180)), gold(f).get(PairKey.of(1, 100001)));
    }
  }

  /**
   * Random rounds of recounts (some late and older), silver appends (some late), compactions, failed merges and
   * retries: after every round gold equals the verifier's full recomputation and an in-memory oracle.
   */
  @Test
  void incrementalMergeEqualsFullRecomputationAfterRandomRounds(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      Random rnd = new Random(42);
      int[] stores = {0, 1, 2};
      int items = 12;
      List<SnapshotRow> recounts = new ArrayList<>();
      List<ChangeRow> changes = new ArrayList<>();
      Instant clock = S;
      for (int round = 0; round < 6; round++) {
        clock = clock.plus(Duration.ofHours(6));
        // recounts: store 0 (online) never recounted; sometimes a late file older than the clock
        int recountFiles = rnd.nextInt(3);
        for (int k = 0; k < recountFiles; k++) {
          int store = 1 + rnd.nextInt(2);
          Instant t = clock.minus(Duration.ofHours(rnd.nextInt(30))).plusSeconds(k);
          List<String> lines = new ArrayList<>();
          for (int i = 0; i < items; i++) {
            if (rnd.nextInt(3) > 0) {
              int q = rnd.nextInt(50);
              lines.add(line(100001 + i, store, t, q));
              String key = dev.poslake.activities.contracts.RecountFileKey.of(store, t);
              recounts.add(new SnapshotRow(key, lines.size() + 1, 100001 + i, 7, store, t, q));
            }
          }
          f.uploadCsv(store, t, lines);
        }
        ingest(f);
        // silver: a batch of changes, some late (before recent recounts)
        List<ChangeRow> batch = new ArrayList<>();
        for (int n = rnd.nextInt(25); n > 0; n--) {
          int store = stores[rnd.nextInt(stores.length)];
          int type = 1 + rnd.nextInt(4);
          Instant t = clock.minus(Duration.ofMinutes(rnd.nextInt(36 * 60))).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
          batch.add(change(store, 100001 + rnd.nextInt(items), t, type, rnd.nextInt(21) - 10));
        }
        if (!batch.isEmpty()) {
          f.appendChanges(batch);
          changes.addAll(batch);
        }
        if (rnd.nextInt(4) == 0) f.compactSilver();
        if (rnd.nextInt(3) == 0) {
          GoldMerge failing = new GoldMerge(f.res, w -> {}).beforeCommit(() -> {
            throw new IllegalStateException("crash before commit");
          });
          assertThrows(IllegalStateException.class, failing::run);
        }
        merge(f);
        if (rnd.nextBoolean()) assertEquals(new GoldResult(0, 0, 0, 0, 0), merge(f), "retry after commit");
        assertEquals(oracle(recounts, changes), gold(f), "round " + round);
        VerifyReport v = new GoldVerifier(f.res, w -> {}).verify();
        assertTrue(v.ok(), "round " + round + ": " + v);
      }
    }
  }

  /** The SPEC's gold rule over everything, in memory. */
  static Map<Long, GoldRow> oracle(List<SnapshotRow> recounts, List<ChangeRow> changes) {
    Map<Long, SnapshotRow> latest = new HashMap<>();
    recounts.forEach(r -> dev.poslake.activities.etl.domain.LatestSnapshotRule.offer(latest, r));
    Map<Long, GoldRow> out = new TreeMap<>();
    latest.forEach((k, s) -> out.put(k, GoldRule.compute(s, changes.stream()
        .filter(c -> c.storeId() == s.storeId() && c.itemId() == s.itemId()).iterator())));
    return out;
  }
}
