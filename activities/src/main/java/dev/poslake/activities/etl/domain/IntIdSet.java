package dev.poslake.activities.etl.domain;

import java.util.Arrays;
import java.util.Collection;

/**
 * An immutable set of int ids, compact and allocation-free to query. Dense id ranges (such as the 100,000 item ids
 * 100001–200000, ~12 KB) are held as a bitmap offset by the smallest id; sparse ones as a sorted int[] searched
 * by bisection.
 */
public final class IntIdSet {
  private static final IntIdSet EMPTY = new IntIdSet(0, null, new int[0], 0);

  private final int min;
  private final long[] bits; // non-null: dense form
  private final int[] sorted; // non-null: sparse form
  private final int size;

  private IntIdSet(int min, long[] bits, int[] sorted, int size) {
    this.min = min;
    this.bits = bits;
    this.sorted = sorted;
    this.size = size;
  }

  public static IntIdSet of(int... ids) {
    int[] s = ids.clone();
    Arrays.sort(s);
    int n = 0;
    for (int i = 0; i < s.length; i++) {
      if (i == 0 || s[i] != s[i - 1]) {
        s[n++] = s[i];
      }
    }
    if (n == 0) {
      return EMPTY;
    }
    int lo = s[0];
    long range = (long) s[n - 1] - lo + 1;
    // bitmap costs range/8 bytes, the array 4n bytes: prefer the bitmap while it is at most ~2x the array
    if (range <= 64L * n) {
      long[] bits = new long[(int) ((range + 63) >>> 6)];
      for (int i = 0; i < n; i++) {
        int off = s[i] - lo;
        bits[off >>> 6] |= 1L << off;
      }
      return new IntIdSet(lo, bits, null, n);
    }
    return new IntIdSet(lo, null, Arrays.copyOf(s, n), n);
  }

  public static IntIdSet of(Collection<Integer> ids) {
    return of(ids.stream().mapToInt(Integer::intValue).toArray());
  }

  public boolean contains(int id) {
    if (bits != null) {
      long off = (long) id - min;
      if (off < 0 || off >= ((long) bits.length << 6)) {
        return false;
      }
      return (bits[(int) (off >>> 6)] & (1L << off)) != 0;
    }
    return Arrays.binarySearch(sorted, id) >= 0;
  }

  public int size() {
    return size;
  }

  /** True if held as a bitmap (exposed for tests). */
  boolean isDense() {
    return bits != null;
  }

  @Override
  public String toString() {
    return "IntIdSet[size=" + size + (bits != null ? ", dense from " + min : ", sparse") + "]";
  }
}
