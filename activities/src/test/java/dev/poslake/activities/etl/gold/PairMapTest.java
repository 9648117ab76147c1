package dev.poslake.activities.etl.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.poslake.activities.etl.domain.PairKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The store merge's primitive map behaves like a HashMap, for pair keys of many stores and the extreme ones. */
class PairMapTest {
  @Test
  void behavesLikeAHashMap() {
    behavesLikeAHashMap(new PairMap<>());
  }

  /** With an item array over part of one store's items: its pairs, its neighbours and the other stores' alike. */
  @Test
  void behavesLikeAHashMapWithAnItemArray() {
    behavesLikeAHashMap(PairMap.withItemArray(7, 30_000, 90_000));
    behavesLikeAHashMap(PairMap.withItemArray(Integer.MIN_VALUE, -5, 5));
    behavesLikeAHashMap(PairMap.withItemArray(Integer.MAX_VALUE, Integer.MAX_VALUE - 3, Integer.MAX_VALUE));
  }

  @Test
  void anItemArrayTakesOnlyARangeItCanHold() {
    assertThrows(IllegalArgumentException.class, () -> PairMap.withItemArray(1, 5, 4));
    assertThrows(IllegalArgumentException.class, () -> PairMap.withItemArray(1, Integer.MIN_VALUE, Integer.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> new PairMap<String>().put(1L, null));
  }

  private static void behavesLikeAHashMap(PairMap<String> map) {
    Random random = new Random(3);
    Map<Long, String> expected = new HashMap<>();
    long[] extremes = {Long.MIN_VALUE, PairKey.of(Integer.MIN_VALUE, 0), PairKey.of(0, 0), -1L, Long.MAX_VALUE,
        PairKey.of(Integer.MAX_VALUE, Integer.MAX_VALUE)};
    for (int i = 0; i < 200_000; i++) {
      long key = i % 1000 == 0 ? extremes[(i / 1000) % extremes.length]
          : PairKey.of(random.nextInt(50), random.nextInt(120_000));
      String value = "v" + i;
      if (random.nextBoolean()) {
        map.put(key, value);
        expected.put(key, value);
      } else {
        assertEquals(expected.computeIfAbsent(key, k -> value), map.computeIfAbsent(key, () -> value));
      }
    }
    assertEquals(expected.size(), map.size());
    for (Map.Entry<Long, String> e : expected.entrySet()) assertEquals(e.getValue(), map.get(e.getKey()));
    assertNull(map.get(PairKey.of(99, 1)));
    Map<Long, String> seen = new HashMap<>();
    map.forEach((k, v) -> assertNull(seen.put(k, v), "key twice: " + k));
    assertEquals(expected, seen);
    Set<Long> keys = new HashSet<>();
    map.addKeysTo(keys);
    assertEquals(expected.keySet(), keys);
  }
}
