package dev.poslake.activities.etl.silver;

/**
 * De-dup keys with positions as flat {@code long} records: trans_id's two halves, store_id and part packed in one
 * long, and the position (Kafka partition, offset) of the occurrence. Key order (used by the key files and their
 * merge) compares the three key longs as signed values; any total order works as long as every side uses this one.
 */
final class KeyEntries {
  /** longs per entry: msb, lsb, store/part, position. */
  static final int STRIDE = 4;
  private static final int INSERTION_SORT_BELOW = 16;

  private KeyEntries() {}

  static long storePart(int storeId, int part) {
    return ((long) storeId << 32) | (part & 0xFFFFFFFFL);
  }

  static int storeOf(long storePart) {
    return (int) (storePart >> 32);
  }

  static long hash(long m, long l, long sp) {
    long h = m * 0x9E3779B97F4A7C15L ^ l * 0xC2B2AE3D27D4EB4FL ^ sp * 0x165667B19E3779F9L;
    return h ^ (h >>> 29) ^ (h >>> 47);
  }

  static int compare(long m1, long l1, long sp1, long m2, long l2, long sp2) {
    int c = Long.compare(m1, m2);
    if (c != 0) return c;
    c = Long.compare(l1, l2);
    return c != 0 ? c : Long.compare(sp1, sp2);
  }

  /** Sorts the first {@code n} entries of {@code a} by key (quicksort over whole entries, no index array). */
  static void sort(long[] a, int n) {
    quick(a, 0, n - 1);
  }

  private static void quick(long[] a, int lo, int hi) {
    while (hi - lo >= INSERTION_SORT_BELOW) {
      int mid = (lo + hi) >>> 1;
      if (cmp(a, mid, lo) < 0) swap(a, mid, lo);
      if (cmp(a, hi, lo) < 0) swap(a, hi, lo);
      if (cmp(a, hi, mid) < 0) swap(a, hi, mid);
      long pm = a[mid * STRIDE];
      long pl = a[mid * STRIDE + 1];
      long ps = a[mid * STRIDE + 2];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (cmpTo(a, i, pm, pl, ps) < 0) i++;
        while (cmpTo(a, j, pm, pl, ps) > 0) j--;
        if (i <= j) swap(a, i++, j--);
      }
      // recurse into the smaller side, loop on the larger: stack depth stays logarithmic
      if (j - lo < hi - i) {
        quick(a, lo, j);
        lo = i;
      } else {
        quick(a, i, hi);
        hi = j;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      for (int j = i; j > lo && cmp(a, j, j - 1) < 0; j--) swap(a, j, j - 1);
    }
  }

  private static int cmp(long[] a, int x, int y) {
    return cmpTo(a, x, a[y * STRIDE], a[y * STRIDE + 1], a[y * STRIDE + 2]);
  }

  private static int cmpTo(long[] a, int x, long m, long l, long sp) {
    int at = x * STRIDE;
    return compare(a[at], a[at + 1], a[at + 2], m, l, sp);
  }

  private static void swap(long[] a, int x, int y) {
    int ax = x * STRIDE;
    int ay = y * STRIDE;
    for (int k = 0; k < STRIDE; k++) {
      long t = a[ax + k];
      a[ax + k] = a[ay + k];
      a[ay + k] = t;
    }
  }
}
