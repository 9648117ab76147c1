package dev.poslake.activities.etl.silver;

import java.util.Arrays;

/** A set of longs in one primitive array (open addressing), for sets that get an add per record or per row. */
final class LongSet {
  private static final long FREE = Long.MIN_VALUE;
  private long[] slots = newSlots(16);
  private int size;
  private boolean hasFree; // FREE itself as a member

  private static long[] newSlots(int n) {
    long[] s = new long[n];
    Arrays.fill(s, FREE);
    return s;
  }

  /** True if it was not in the set. */
  boolean add(long v) {
    if (v == FREE) {
      boolean added = !hasFree;
      hasFree = true;
      if (added) size++;
      return added;
    }
    if ((size + 1) * 2 > slots.length) grow();
    int at = find(slots, v);
    if (slots[at] == v) return false;
    slots[at] = v;
    size++;
    return true;
  }

  boolean contains(long v) {
    if (v == FREE) return hasFree;
    return slots[find(slots, v)] == v;
  }

  int size() {
    return size;
  }

  long[] sorted() {
    long[] out = new long[size];
    int n = 0;
    if (hasFree) out[n++] = FREE;
    for (long s : slots) if (s != FREE) out[n++] = s;
    Arrays.sort(out);
    return out;
  }

  private static int find(long[] slots, long v) {
    int mask = slots.length - 1;
    int i = (int) KeyEntries.hash(v, 0, 0) & mask;
    while (slots[i] != FREE && slots[i] != v) i = (i + 1) & mask;
    return i;
  }

  private void grow() {
    long[] old = slots;
    slots = newSlots(old.length * 2);
    for (long s : old) if (s != FREE) slots[find(slots, s)] = s;
  }
}
