package dev.poslake.activities.etl.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.domain.DedupKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyPositionsTest {

  @Test
  void behavesLikeAMapOfMinimumPositionsThroughGrowth() {
    Random rnd = new Random(7);
    KeyPositions table = new KeyPositions();
    Map<DedupKey, Long> oracle = new HashMap<>();
    DedupKey[] keys = new DedupKey[20_000];
    for (int i = 0; i < keys.length; i++) {
      // few distinct UUIDs, many (store, part) combinations: keys that differ only in store or part
      keys[i] = new DedupKey(new UUID(rnd.nextInt(3000), rnd.nextLong()), rnd.nextInt(4), rnd.nextInt(3));
    }
    for (int i = 0; i < 100_000; i++) {
      DedupKey k = keys[rnd.nextInt(keys.length)];
      long pos = rnd.nextInt(1_000_000);
      Long before = oracle.get(k);
      assertEquals(before == null ? KeyPositions.NEW : before, table.putMin(k, pos));
      oracle.merge(k, pos, Math::min);
    }
    assertEquals(oracle.size(), table.size());
    oracle.forEach((k, p) -> assertEquals(p, table.get(k)));
    assertEquals(KeyPositions.NEW, table.get(new DedupKey(new UUID(-1, -1), 0, 0)));


    // the key file order: every key once, with its minimum position, sorted like KeyEntries.compare
    long[] sorted = table.sortedEntries().entries();
    assertEquals(null, table.sortedEntries().texts(), "no text array while every key is a UUID");
    assertEquals(oracle.size() * KeyEntries.STRIDE, sorted.length);
    for (int i = 0; i < oracle.size(); i++) {
      int at = i * KeyEntries.STRIDE;
      DedupKey k = new DedupKey(new UUID(sorted[at], sorted[at + 1]), KeyEntries.storeOf(sorted[at + 2]),
          (int) sorted[at + 2]);
      assertEquals(oracle.get(k), sorted[at + 3], "position of " + k);
      if (i > 0) {
        assertTrue(KeyEntries.compare(sorted[at - 4], sorted[at - 3], sorted[at - 2], null, sorted[at],
            sorted[at + 1], sorted[at + 2], null) < 0, "sorted at " + i);
      }
    }
  }

  @Test
  void aTableSizedForItsKeysHoldsThemWithoutGrowing() {
    assertEquals(4096, KeyPositions.slotsFor(0));
    assertEquals(4096, KeyPositions.slotsFor(3072), "3,072 keys fill 4,096 slots to 0.75 exactly");
    assertEquals(8192, KeyPositions.slotsFor(3073));
    assertEquals(KeyPositions.MAX_INITIAL_SLOTS, KeyPositions.slotsFor(50_000_000L), "a huge group grows instead");
    Random rnd = new Random(3);
    for (int n : new int[] {3072, 3073, 10_000, 49_152, 49_153}) {
      KeyPositions table = new KeyPositions(n);
      int slots = table.capacity();
      assertEquals(KeyPositions.slotsFor(n), slots);
      for (int i = 0; i < n; i++) table.putMin(new DedupKey(new UUID(rnd.nextLong(), rnd.nextLong()), 1, 0), i);
      assertEquals(n, table.size());
      assertEquals(slots, table.capacity(), n + " keys: no growth");
      assertTrue(slots == 4096 || (long) n * 4 > (slots / 2) * 3L, n + " keys: half the slots would not do");
    }
  }

  @Test
  void textKeysAreExactEvenWhenTheirHashesCollide() {
    Random rnd = new Random(11);
    KeyPositions table = new KeyPositions();
    Map<DedupKey, Long> oracle = new HashMap<>();
    DedupKey[] keys = new DedupKey[6_000];
    for (int i = 0; i < keys.length; i++) {
      // forged collisions: a handful of (msb, lsb) pairs shared by UUID keys and many different texts
      int kind = rnd.nextInt(3);
      keys[i] = new DedupKey(rnd.nextInt(4), rnd.nextInt(4), kind == 0 ? null : "T-" + rnd.nextInt(2000),
          rnd.nextInt(2), 0);
    }
    for (int i = 0; i < 40_000; i++) {
      DedupKey k = keys[rnd.nextInt(keys.length)];
      long pos = rnd.nextInt(1_000_000);
      Long before = oracle.get(k);
      assertEquals(before == null ? KeyPositions.NEW : before, table.putMin(k, pos), "putMin " + k);
      oracle.merge(k, pos, Math::min);
    }
    assertEquals(oracle.size(), table.size());
    oracle.forEach((k, p) -> assertEquals(p, table.get(k)));
    assertEquals(KeyPositions.NEW, table.get(new DedupKey(1, 1, "never", 0, 0)));

    KeyPositions.Sorted sorted = table.sortedEntries();
    long[] e = sorted.entries();
    for (int i = 0; i < oracle.size(); i++) {
      int at = i * KeyEntries.STRIDE;
      DedupKey k = new DedupKey(e[at], e[at + 1], sorted.text(i), KeyEntries.storeOf(e[at + 2]), (int) e[at + 2]);
      assertEquals(oracle.get(k), e[at + 3], "position of " + k);
      if (i > 0) {
        assertTrue(KeyEntries.compare(e[at - 4], e[at - 3], e[at - 2], sorted.text(i - 1), e[at], e[at + 1],
            e[at + 2], sorted.text(i)) < 0, "sorted at " + i);
      }
    }
  }
}
