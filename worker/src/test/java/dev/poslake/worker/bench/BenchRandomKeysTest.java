package dev.poslake.worker.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BenchRandomKeysTest {
  @Test
  void exactlyKDistinctKeysInRangeSpreadOverIt() {
    long n = 10_000_000;
    long[] keys = Bench.randomKeys(new Random(1), 10_000, n);
    assertEquals(10_000, keys.length);
    assertEquals(10_000, Arrays.stream(keys).distinct().count());
    assertTrue(Arrays.stream(keys).allMatch(k -> k >= 0 && k < n));
    assertTrue(Arrays.stream(keys).filter(k -> k >= n / 2).count() > 4_000, "both halves of the range");
    assertTrue(Arrays.stream(keys).filter(k -> k < n / 2).count() > 4_000, "both halves of the range");
  }

  @Test
  void allKeysWhenKIsN() {
    assertArrayEquals(LongStream.range(0, 50).toArray(), Bench.randomKeys(new Random(2), 50, 50));
  }
}
