package dev.poslake.activities.etl.gold;

import java.util.Arrays;

/**
 * The items a gold row lookup wants, tested once per gold row: a bitmap over their id range (one shift and mask
 * per row; a binary search per row was the lookup's top frame), or a binary search when the ids span too widely
 * for a small bitmap.
 */
final class ItemSet {
  /** Largest bitmap: 2^24 bits, 2 MiB. Item ids are dense in practice (100,000 items: 12.5 KB). */
  private static final long MAX_BITS = 1L << 24;

  private final int[] sorted;
  private final long[] bits;

  private ItemSet(int[] sorted) {
    this.sorted = sorted;
    long span = sorted.length == 0 ? 0 : (long) sorted[sorted.length - 1] - sorted[0] + 1;
    if (span == 0 || span > MAX_BITS) {
      bits = null;
    } else {
      bits = new long[(int) ((span + 63) >>> 6)];
      for (int item : sorted) {
        int d = item - sorted[0];
        bits[d >>> 6] |= 1L << d;
      }
    }
  }

  static ItemSet of(int... items) {
    int[] sorted = items.clone();
    Arrays.sort(sorted);
    return new ItemSet(sorted);
  }

  boolean contains(int item) {
    if (bits == null) return Arrays.binarySearch(sorted, item) >= 0;
    long d = (long) item - sorted[0];
    return d >= 0 && d < (long) bits.length << 6 && (bits[(int) (d >>> 6)] & (1L << d)) != 0;
  }

  /** Whether one of the items lies in [min, max]. */
  boolean anyBetween(int min, int max) {
    int at = Arrays.binarySearch(sorted, min);
    return at >= 0 || (-at - 1 < sorted.length && sorted[-at - 1] <= max);
  }
}
