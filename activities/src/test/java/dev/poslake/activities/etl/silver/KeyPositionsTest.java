package dev.poslake.activities.etl.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    DedupKey some = oracle.keySet().iterator().next();
    assertTrue(table.markExisting(some));
    assertFalse(table.markExisting(some), "marked once");
    assertEquals(KeyPositions.EXISTING, table.get(some));
    assertFalse(table.markExisting(new DedupKey(new UUID(-1, -1), 0, 0)), "not in the batch");
  }
}
