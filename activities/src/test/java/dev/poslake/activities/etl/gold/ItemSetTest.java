package dev.poslake.activities.etl.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ItemSetTest {
  @Test
  void containsExactlyTheItemsWhetherBitmapOrBinarySearch() {
    Random rnd = new Random(3);
    for (int bound : new int[] {200_000, Integer.MAX_VALUE}) { // dense ids: bitmap; ids over 2^31: binary search
      int[] items = rnd.ints(500, 100_001, bound).toArray();
      ItemSet set = ItemSet.of(items);
      int[] sorted = items.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < 100_000; i++) {
        int probe = i % 2 == 0 ? items[rnd.nextInt(items.length)] : rnd.nextInt(bound) - 50;
        assertEquals(Arrays.binarySearch(sorted, probe) >= 0, set.contains(probe), "probe " + probe);
      }
      assertFalse(set.contains(Integer.MIN_VALUE));
      assertFalse(set.contains(sorted[sorted.length - 1] + 1));
    }
  }

  @Test
  void anyBetweenTellsWhetherARangeHoldsAnItem() {
    ItemSet set = ItemSet.of(500, 100, 300);
    assertTrue(set.anyBetween(100, 100));
    assertTrue(set.anyBetween(0, 100));
    assertTrue(set.anyBetween(101, 300));
    assertFalse(set.anyBetween(101, 299));
    assertFalse(set.anyBetween(501, 1000));
    assertFalse(ItemSet.of().anyBetween(0, 10));
    assertFalse(ItemSet.of().contains(0));
  }
}
