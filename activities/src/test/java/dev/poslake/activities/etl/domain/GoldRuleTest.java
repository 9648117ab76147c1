package dev.poslake.activities.etl.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.reference.ChangeType;
import dev.poslake.activities.reference.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoldRuleTest {
  private static final Instant S = Instant.parse("2026-11-20T00:00:00Z");
  private static final int STORE = 1;
  private static final int ITEM = 100234;

  private static ChangeRow change(int store, String at, int type, int qty) {
    return new ChangeRow(store, ITEM, Instant.parse(at), type, qty);
  }

  private static ChangeRow change(String at, int type, int qty) {
    return change(STORE, at, type, qty);
  }

  @Test
  void noChangesGivesTheSnapshot() {
    GoldRow g = GoldRule.compute(STORE, ITEM, S, 40, Collections.emptyIterator());
    assertEquals(new GoldRow(STORE, ITEM, 40, 0, 40, S), g);
  }

  @Test
  void sumsRelevantChangesAndTakesTheLatestTime() {
    List<ChangeRow> changes = List.of(
        change("2026-11-21T10:00:00Z", ChangeType.SALE, -2),
        change("2026-11-23T10:00:00Z", ChangeType.RESTOCK, 24),
        change("2026-11-22T10:00:00Z", ChangeType.SHRINK, -1),
        change("2026-11-22T11:00:00Z", ChangeType.BOPIS, -3));
    GoldRow g = GoldRule.compute(STORE, ITEM, S, 40, changes.iterator());
    assertEquals(new GoldRow(STORE, ITEM, 40, 18, 58, Instant.parse("2026-11-23T10:00:00Z")), g);
  }

  @Test
  void changeAtExactlySnapshotTimeCounts() {
    GoldRow g = GoldRule.compute(STORE, ITEM, S, 40, List.of(change("2026-11-20T00:00:00Z", 1, -5)).iterator());
    assertEquals(new GoldRow(STORE, ITEM, 40, -5, 35, S), g);
  }

  @Test
  void ordersTimesToTheNanosecondAcrossSecondBoundaries() {
    // the accumulator keeps times as seconds and nanos: a change a nanosecond before S is ignored, and the latest
    // time keeps its nanos and compares on seconds first
    Instant s = Instant.parse("2026-11-20T00:00:00.000000500Z");
    GoldRow g = GoldRule.compute(STORE, ITEM, s, 40, List.of(
        change("2026-11-20T00:00:00.000000499Z", ChangeType.SALE, -1),
        change("2026-11-20T00:00:01.000000001Z", ChangeType.SALE, -2),
        change("2026-11-20T00:00:00.999999999Z", ChangeType.SALE, -3)).iterator());
    assertEquals(new GoldRow(STORE, ITEM, 40, -5, 35, Instant.parse("2026-11-20T00:00:01.000000001Z")), g);
  }

  @Test
  void foldingColumnsAsMicrosEqualsFoldingChangeRows() {
    // the merge's per-row path (columns as stored) against the ChangeRow path: same outcomes, same row, on the
    // online store too (its BOPIS copies are skipped)
    Random random = new Random(7);
    for (int store : new int[] {STORE, Store.ONLINE_STORE_ID}) {
      GoldAccumulator byRow = GoldAccumulator.start(store, ITEM, S, 40);
      GoldAccumulator byColumns = GoldAccumulator.start(store, ITEM, S, 40);
      for (int i = 0; i < 1_000; i++) {
        Instant at = S.plusMillis(random.nextInt(20_000_000) - 10_000_000).plusNanos(1000L * random.nextInt(1000));
        int type = 1 + random.nextInt(6);
        int qty = random.nextInt(21) - 10;
        assertEquals(byRow.accept(new ChangeRow(store, ITEM, at, type, qty)),
            byColumns.acceptMicros(type, Timestamps.micros(at), qty));
      }
      assertEquals(byRow.result(), byColumns.result());
      assertEquals(byRow.ignoredBeforeSnapshot(), byColumns.ignoredBeforeSnapshot());
      assertEquals(byRow.ignoredOnlineBopis(), byColumns.ignoredOnlineBopis());
      assertTrue(byRow.countedChanges() > 100 && byRow.ignoredBeforeSnapshot() > 100);
    }
  }

  @Test
  void changesBeforeTheSnapshotAreIgnored() {
    GoldAccumulator acc = GoldAccumulator.start(STORE, ITEM, S, 40);
    assertEquals(GoldAccumulator.Outcome.BEFORE_SNAPSHOT, acc.accept(change("2026-11-19T23:59:59.999999Z", 1, -5)));
    assertEquals(new GoldRow(STORE, ITEM, 40, 0, 40, S), acc.result());
    assertEquals(1, acc.ignoredBeforeSnapshot());
    assertEquals(0, acc.countedChanges());
  }

  @Test
  void onlineBopisIsExcludedButOtherOnlineRowsAndPhysicalBopisCount() {
    GoldAccumulator online = GoldAccumulator.start(0, ITEM, S, 10);
    assertEquals(GoldAccumulator.Outcome.ONLINE_BOPIS, online.accept(change(0, "2026-11-21T00:00:00Z", 4, -1)));
    assertEquals(GoldAccumulator.Outcome.COUNTED, online.accept(change(0, "2026-11-21T00:00:00Z", 1, -2)));
    assertEquals(new GoldRow(0, ITEM, 10, -2, 8, Instant.parse("2026-11-21T00:00:00Z")), online.result());
    assertEquals(1, online.ignoredOnlineBopis());

    GoldAccumulator physical = GoldAccumulator.start(STORE, ITEM, S, 10);
    assertEquals(GoldAccumulator.Outcome.COUNTED, physical.accept(change("2026-11-21T00:00:00Z", 4, -1)));
    assertEquals(9, physical.result().currentInventory());
  }

  @Test
  void onlineBopisDoesNotMoveDateTime() {
    GoldRow g = GoldRule.compute(0, ITEM, S, 10, List.of(change(0, "2026-11-25T00:00:00Z", 4, -1)).iterator());
    assertEquals(S, g.dateTime());
  }

  @Test
  void isRelevantMatchesTheRule() {
    assertTrue(GoldRule.isRelevant(S, change("2026-11-20T00:00:00Z", 1, 1)));
    assertFalse(GoldRule.isRelevant(S, change("2026-11-19T00:00:00Z", 1, 1)));
    assertFalse(GoldRule.isRelevant(S, change(0, "2026-11-21T00:00:00Z", 4, 1)));
    assertTrue(GoldRule.isRelevant(S, change(0, "2026-11-21T00:00:00Z", 3, 1)));
  }

  @Test
  void changeForAnotherPairIsAGroupingBug() {
    GoldAccumulator acc = GoldAccumulator.start(STORE, ITEM, S, 1);
    assertThrows(IllegalArgumentException.class,
        () -> acc.accept(new ChangeRow(2, ITEM, S, 1, 1)));
    assertThrows(IllegalArgumentException.class,
        () -> acc.accept(new ChangeRow(STORE, ITEM + 1, S, 1, 1)));
  }

  @Test
  void sumsDoNotOverflowInt() {
    List<ChangeRow> many = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      many.add(change("2026-11-21T00:00:00Z", 3, Integer.MAX_VALUE));
    }
    GoldRow g = GoldRule.compute(STORE, ITEM, S, Integer.MAX_VALUE, many.iterator());
    assertEquals(3L * Integer.MAX_VALUE, g.changeQuantity());
    assertEquals(4L * Integer.MAX_VALUE, g.currentInventory());
  }

  @Test
  void goldRowChecksItsInvariant() {
    assertThrows(IllegalArgumentException.class, () -> new GoldRow(1, 2, 10, 5, 14, S));
  }

  @Test
  void computeFromSnapshotRow() {
    SnapshotRow snap = new SnapshotRow("f.csv", 2, ITEM, 7, STORE, S, 12);
    assertEquals(new GoldRow(STORE, ITEM, 12, 0, 12, S), GoldRule.compute(snap, Collections.emptyIterator()));
    assertEquals(new GoldRow(STORE, ITEM, 12, 0, 12, S), GoldAccumulator.start(snap).result());
  }

  // -------------------------------------------------------------------------------------------- incremental

  @Test
  void extendEqualsFullRecomputation() {
    List<ChangeRow> old = List.of(change("2026-11-21T10:00:00Z", 1, -2), change("2026-11-19T10:00:00Z", 1, -9));
    List<ChangeRow> late = List.of(
        change("2026-11-20T12:00:00Z", 1, -1), // late but after S: added, date_time unchanged (older than max)
        change("2026-11-18T12:00:00Z", 3, 50), // late and before S: ignored
        change("2026-11-22T12:00:00Z", 4, -1)); // physical store's BOPIS: added, moves date_time
    GoldRow previous = GoldRule.compute(STORE, ITEM, S, 40, old.iterator());
    GoldRow extended = GoldRule.extend(previous, S, 40, late.iterator());
    List<ChangeRow> all = new ArrayList<>(old);
    all.addAll(late);
    assertEquals(GoldRule.compute(STORE, ITEM, S, 40, all.iterator()), extended);
    assertEquals(new GoldRow(STORE, ITEM, 40, -4, 36, Instant.parse("2026-11-22T12:00:00Z")), extended);
  }

  @Test
  void extendWithNothingIsIdentity() {
    GoldRow previous = GoldRule.compute(STORE, ITEM, S, 40,
        List.of(change("2026-11-21T10:00:00Z", 1, -2)).iterator());
    assertEquals(previous, GoldRule.extend(previous, S, 40, Collections.emptyIterator()));
  }

  @Test
  void extendRefusesARowFromAnotherSnapshot() {
    GoldRow previous = GoldRule.compute(STORE, ITEM, S, 40, Collections.emptyIterator());
    assertThrows(IllegalArgumentException.class,
        () -> GoldRule.extend(previous, S, 41, Collections.emptyIterator()));
    Instant later = S.plusSeconds(1);
    assertFalse(GoldRule.isConsistent(previous, later, 40));
    assertThrows(IllegalArgumentException.class,
        () -> GoldRule.extend(previous, later, 40, Collections.emptyIterator()));
  }

  @Test
  void newSnapshotResets() {
    List<ChangeRow> changes = List.of(change("2026-11-21T10:00:00Z", 1, -2), change("2026-11-26T10:00:00Z", 1, -3));
    Instant s2 = Instant.parse("2026-11-25T00:00:00Z");
    GoldRow g = GoldRule.compute(STORE, ITEM, s2, 100, changes.iterator());
    assertEquals(new GoldRow(STORE, ITEM, 100, -3, 97, Instant.parse("2026-11-26T10:00:00Z")), g);
  }

  @Test
  void mergeOfPartialAccumulatorsEqualsOneFold() {
    List<ChangeRow> changes = List.of(change("2026-11-21T10:00:00Z", 1, -2), change("2026-11-26T10:00:00Z", 1, -3),
        change("2026-11-19T10:00:00Z", 1, -7), change("2026-11-22T10:00:00Z", 3, 10));
    GoldAccumulator a = GoldAccumulator.start(STORE, ITEM, S, 5).acceptAll(changes.subList(0, 2));
    GoldAccumulator b = GoldAccumulator.start(STORE, ITEM, S, 5).acceptAll(changes.subList(2, 4));
    GoldRow merged = a.merge(b).result();
    assertEquals(GoldRule.compute(STORE, ITEM, S, 5, changes.iterator()), merged);
    assertEquals(3, a.countedChanges());
    assertEquals(1, a.ignoredBeforeSnapshot());
    assertThrows(IllegalArgumentException.class,
        () -> a.merge(GoldAccumulator.start(STORE, ITEM, S.plusSeconds(1), 5)));
  }

  /**
   * Simulated ETL runs with late data, late/older/equal-time snapshots and failed (uncommitted) merges:
   * incremental maintenance (recompute pairs whose latest snapshot changed, extend the others with exactly the
   * silver rows appended since the last committed gold merge) always equals a full recomputation from silver.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void incrementalMaintenanceEqualsFullRecomputationOverManyRuns(long seed) {
    Random rnd = new Random(seed);
    int[] stores = {0, 1, 2};
    int[] items = {100001, 100002, 100003};
    Instant epoch = Instant.parse("2026-11-01T00:00:00Z");
    List<ChangeRow> silver = new ArrayList<>();
    Map<Long, SnapshotRow> latest = new HashMap<>();
    Map<Long, GoldRow> gold = new HashMap<>();
    List<ChangeRow> pending = new ArrayList<>(); // silver rows after the silver snapshot gold last consumed
    Set<Long> pendingReset = new HashSet<>(); // pairs whose latest snapshot changed since the last gold commit
    int commits = 0;

    for (int run = 0; run < 80; run++) {
      Instant now = epoch.plusSeconds(run * 3600L);
      // new silver rows, many late (up to 30 h old), incl. online BOPIS copies and rows before the snapshot
      for (int i = rnd.nextInt(12); i > 0; i--) {
        int store = stores[rnd.nextInt(stores.length)];
        Instant at = now.minusSeconds(rnd.nextInt(30 * 3600)).plusMillis(rnd.nextInt(1000));
        ChangeRow c = new ChangeRow(store, items[rnd.nextInt(items.length)], at, 1 + rnd.nextInt(4),
            rnd.nextInt(21) - 10);
        silver.add(c);
        pending.add(c);
      }
      // new snapshot rows: newer, late and older, or at the same time as the current latest (tie-break)
      for (int i = rnd.nextInt(3); i > 0; i--) {
        int store = stores[rnd.nextInt(stores.length)];
        int item = items[rnd.nextInt(items.length)];
        long key = PairKey.of(store, item);
        Instant at = rnd.nextInt(4) == 0 && latest.containsKey(key)
            ? latest.get(key).dateTime()
            : now.minusSeconds(rnd.nextInt(20) * 3600L);
        SnapshotRow snap = new SnapshotRow("inventory_snapshot_" + rnd.nextInt(7) + ".csv", 2 + rnd.nextInt(3),
            item, 1, store, at, rnd.nextInt(100));
        if (LatestSnapshotRule.offer(latest, snap)) {
          pendingReset.add(key);
        }
      }

      // the gold merge; a third of the attempts fail before committing and leave everything pending
      Map<Long, GoldRow> next = new HashMap<>(gold);
      for (Map.Entry<Long, SnapshotRow> e : latest.entrySet()) {
        long key = e.getKey();
        SnapshotRow snap = e.getValue();
        GoldRow previous = gold.get(key);
        if (previous == null || pendingReset.contains(key)) {
          next.put(key, GoldRule.compute(snap, rowsOf(silver, key)));
        } else {
          next.put(key, GoldRule.extend(previous, snap.dateTime(), snap.quantity(), rowsOf(pending, key)));
        }
      }
      if (rnd.nextInt(3) == 0) {
        continue;
      }
      gold = next;
      pending.clear();
      pendingReset.clear();
      commits++;

      assertEquals(latest.keySet(), gold.keySet());
      for (Map.Entry<Long, SnapshotRow> e : latest.entrySet()) {
        assertEquals(GoldRule.compute(e.getValue(), rowsOf(silver, e.getKey())), gold.get(e.getKey()),
            "run " + run + " pair " + e.getKey());
      }
    }
    assertTrue(commits > 20);
  }

  private static Iterator<ChangeRow> rowsOf(List<ChangeRow> rows, long key) {
    return rows.stream().filter(c -> sameKey(c, key)).iterator();
  }

  private static boolean sameKey(ChangeRow c, long key) {
    return PairKey.of(c.storeId(), c.itemId()) == key;
  }
}
