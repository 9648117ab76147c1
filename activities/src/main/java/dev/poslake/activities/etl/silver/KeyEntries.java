package dev.poslake.activities.etl.silver;

import java.util.Arrays;

/**
 * De-dup keys with positions as flat {@code long} records: trans_id's two halves ({@code DedupKey.msb()},
 * {@code DedupKey.lsb()}), store_id and part packed in one long, and the position (Kafka partition, offset) of the
 * occurrence; the key's text (null for a UUID trans_id) lives in a parallel {@code String[]}, null while no key has
 * one. Key order (used by the key files and their merge) compares the three key longs as signed values, then the
 * text (null first); any total order works as long as every side uses this one.
 */
final class KeyEntries {
  /** longs per entry: msb, lsb, store/part, position. */
  static final int STRIDE = 4;
  private static final int INSERTION_SORT_BELOW = 16;
  /** Entries per bucket of {@link #sort}'s counting pass, on average, and its largest bucket count (2^20). */
  private static final int PER_BUCKET = 8;
  private static final int MAX_BUCKET_BITS = 20;

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

  static int compare(long m1, long l1, long sp1, String t1, long m2, long l2, long sp2, String t2) {
    int c = Long.compare(m1, m2);
    if (c != 0) return c;
    c = Long.compare(l1, l2);
    if (c != 0) return c;
    c = Long.compare(sp1, sp2);
    return c != 0 ? c : compareText(t1, t2);
  }

  /** Texts with null (a UUID key) first. */
  static int compareText(String a, String b) {
    if (a == null) return b == null ? 0 : -1;
    return b == null ? 1 : a.compareTo(b);
  }

  /**
   * Sorts the first {@code n} entries of {@code a}, and their texts (null if no key has one), by key. A counting pass
   * first places each entry in its bucket of msb's top bits (msb is the first key, and random: a UUID's or a hash's
   * bits), about {@value #PER_BUCKET} entries a bucket; quicksort over whole entries then orders each bucket. A group's
   * 526,000 keys took 0.23-0.52 s by quicksort alone, on silver's critical path (a group publishes its sorted keys).
   * Skewed keys (one msb for all) only make the buckets uneven: each is still sorted whole.
   */
  static void sort(long[] a, String[] texts, int n) {
    int bits = 0;
    while (bits < MAX_BUCKET_BITS && ((long) PER_BUCKET << bits) < n) bits++;
    if (bits < 4) {
      quick(a, texts, 0, n - 1);
      return;
    }
    int buckets = 1 << bits;
    int[] start = new int[buckets + 1];
    for (int i = 0; i < n; i++) start[bucket(a[i * STRIDE], bits) + 1]++;
    for (int b = 0; b < buckets; b++) start[b + 1] += start[b];
    int[] next = Arrays.copyOf(start, buckets);
    long[] placed = new long[n * STRIDE];
    String[] placedTexts = texts == null ? null : new String[n];
    for (int i = 0; i < n; i++) {
      int from = i * STRIDE;
      int to = next[bucket(a[from], bits)]++;
      int at = to * STRIDE;
      placed[at] = a[from];
      placed[at + 1] = a[from + 1];
      placed[at + 2] = a[from + 2];
      placed[at + 3] = a[from + 3];
      if (texts != null) placedTexts[to] = texts[i];
    }
    for (int b = 0; b < buckets; b++) {
      if (start[b + 1] - start[b] > 1) quick(placed, placedTexts, start[b], start[b + 1] - 1);
    }
    System.arraycopy(placed, 0, a, 0, n * STRIDE);
    if (texts != null) System.arraycopy(placedTexts, 0, texts, 0, n);
  }

  /** msb's top {@code bits} bits in signed order: the buckets' order is the keys' first order. */
  private static int bucket(long msb, int bits) {
    return (int) ((msb ^ Long.MIN_VALUE) >>> (64 - bits));
  }

  private static void quick(long[] a, String[] t, int lo, int hi) {
    while (hi - lo >= INSERTION_SORT_BELOW) {
      int mid = (lo + hi) >>> 1;
      if (cmp(a, t, mid, lo) < 0) swap(a, t, mid, lo);
      if (cmp(a, t, hi, lo) < 0) swap(a, t, hi, lo);
      if (cmp(a, t, hi, mid) < 0) swap(a, t, hi, mid);
      long pm = a[mid * STRIDE];
      long pl = a[mid * STRIDE + 1];
      long ps = a[mid * STRIDE + 2];
      String pt = t == null ? null : t[mid];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (cmpTo(a, t, i, pm, pl, ps, pt) < 0) i++;
        while (cmpTo(a, t, j, pm, pl, ps, pt) > 0) j--;
        if (i <= j) swap(a, t, i++, j--);
      }
      // recurse into the smaller side, loop on the larger: stack depth stays logarithmic
      if (j - lo < hi - i) {
        quick(a, t, lo, j);
        lo = i;
      } else {
        quick(a, t, i, hi);
        hi = j;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      for (int j = i; j > lo && cmp(a, t, j, j - 1) < 0; j--) swap(a, t, j, j - 1);
    }
  }

  private static int cmp(long[] a, String[] t, int x, int y) {
    return cmpTo(a, t, x, a[y * STRIDE], a[y * STRIDE + 1], a[y * STRIDE + 2], t == null ? null : t[y]);
  }

  private static int cmpTo(long[] a, String[] t, int x, long m, long l, long sp, String text) {
    int at = x * STRIDE;
    return compare(a[at], a[at + 1], a[at + 2], t == null ? null : t[x], m, l, sp, text);
  }

  private static void swap(long[] a, String[] t, int x, int y) {
    int ax = x * STRIDE;
    int ay = y * STRIDE;
    for (int k = 0; k < STRIDE; k++) {
      long v = a[ax + k];
      a[ax + k] = a[ay + k];
      a[ay + k] = v;
    }
    if (t != null) {
      String v = t[x];
      t[x] = t[y];
      t[y] = v;
    }
  }
}
