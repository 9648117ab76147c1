package dev.poslake.activities.etl.silver;

import dev.poslake.activities.etl.domain.DedupKey;
import java.util.Objects;

/**
 * De-dup key → position (Kafka partition, offset) of its kept occurrence, for one parse group: an open-addressing
 * hash table over one primitive array (four longs per slot, side by side so a probe touches one cache line; no
 * objects per key), since a group holds a key per transaction part and a {@code HashMap<DedupKey, Long>} costs
 * about four objects per entry. A key's text (trans_ids that are not UUIDs) sits in a parallel array, allocated at
 * the first such key, and takes part in equality.
 */
final class KeyPositions {
  /** What {@link #get} and {@link #putMin} return for a key not in the table. */
  static final long NEW = -2;
  private static final long FREE = Long.MIN_VALUE;
  private static final int STRIDE = KeyEntries.STRIDE;

  private long[] slots; // per slot: msb, lsb, store<<32|part, position (FREE = empty slot)
  private String[] texts; // per slot: the key's text; null while every key is a UUID
  private int capacity;
  private int size;

  /** Slots allocated up front at most (64 MiB): a larger group grows the table as it fills. */
  static final int MAX_INITIAL_SLOTS = 1 << 21;

  KeyPositions() {
    this(0);
  }

  /**
   * A table sized for {@code expectedKeys} (the group's bronze records: at most one key each), so it does not
   * rehash while filling: growing from a small table re-inserted about 1.5 keys per key, each a random write.
   */
  KeyPositions(long expectedKeys) {
    allocate(slotsFor(expectedKeys));
  }

  /** The smallest power of two of at least 4,096 slots that holds {@code keys} under the 0.75 load factor. */
  static int slotsFor(long keys) {
    long needed = Math.max(1 << 12, (keys * 4 + 2) / 3); // ceil(4/3 keys): the last key's insert does not grow
    return needed >= MAX_INITIAL_SLOTS ? MAX_INITIAL_SLOTS : Integer.highestOneBit((int) needed - 1) << 1;
  }

  private void allocate(int slotCount) {
    capacity = slotCount;
    slots = new long[slotCount * STRIDE];
    for (int i = 3; i < slots.length; i += STRIDE) slots[i] = FREE;
    texts = texts == null ? null : new String[slotCount];
  }

  int size() {
    return size;
  }

  /** Slots in the table (for tests). */
  int capacity() {
    return capacity;
  }

  /** Records the position unless the key has a lower one; returns the previous position, {@link #NEW} if none. */
  long putMin(DedupKey key, long pos) {
    long m = key.msb();
    long l = key.lsb();
    long sp = KeyEntries.storePart(key.storeId(), key.part());
    String text = key.text();
    if (text != null && texts == null) texts = new String[capacity];
    int at = find(m, l, sp, text);
    long previous = slots[at + 3];
    if (previous == FREE) {
      if ((size + 1) * 4L > capacity * 3L) { // load factor 0.75
        grow();
        at = find(m, l, sp, text);
      }
      slots[at] = m;
      slots[at + 1] = l;
      slots[at + 2] = sp;
      slots[at + 3] = pos;
      if (texts != null) texts[at / STRIDE] = text;
      size++;
      return NEW;
    }
    if (pos < previous) slots[at + 3] = pos;
    return previous;
  }

  /** The position of the key, or {@link #NEW} if absent. */
  long get(DedupKey key) {
    if (key.text() != null && texts == null) return NEW;
    long p = slots[find(key.msb(), key.lsb(), KeyEntries.storePart(key.storeId(), key.part()), key.text()) + 3];
    return p == FREE ? NEW : p;
  }

  /** The entries in key order: (msb, lsb, store/part, position), {@link KeyEntries#STRIDE} longs each, and texts. */
  Sorted sortedEntries() {
    long[] out = new long[size * STRIDE];
    String[] outTexts = texts == null ? null : new String[size];
    int n = 0;
    for (int at = 0; at < slots.length; at += STRIDE) {
      if (slots[at + 3] == FREE) continue;
      System.arraycopy(slots, at, out, n * STRIDE, STRIDE);
      if (outTexts != null) outTexts[n] = texts[at / STRIDE];
      n++;
    }
    KeyEntries.sort(out, outTexts, size);
    return new Sorted(out, outTexts);
  }

  /** Sorted entries; {@code texts} is null when no key has a text. */
  record Sorted(long[] entries, String[] texts) {
    String text(int i) {
      return texts == null ? null : texts[i];
    }
  }

  /** Index in {@code slots} of the key's slot, or of the free slot where it would go (linear probing). */
  private int find(long m, long l, long sp, String text) {
    int mask = capacity - 1;
    int slot = (int) KeyEntries.hash(m, l, sp) & mask;
    while (true) {
      int at = slot * STRIDE;
      if (slots[at + 3] == FREE || (slots[at] == m && slots[at + 1] == l && slots[at + 2] == sp
          && (texts == null || Objects.equals(texts[slot], text)))) {
        return at;
      }
      slot = (slot + 1) & mask;
    }
  }

  private void grow() {
    long[] old = slots;
    String[] oldTexts = texts;
    allocate(capacity * 2);
    int mask = capacity - 1;
    for (int at = 0; at < old.length; at += STRIDE) {
      if (old[at + 3] == FREE) continue;
      int slot = (int) KeyEntries.hash(old[at], old[at + 1], old[at + 2]) & mask;
      while (slots[slot * STRIDE + 3] != FREE) slot = (slot + 1) & mask;
      System.arraycopy(old, at, slots, slot * STRIDE, STRIDE);
      if (texts != null) texts[slot] = oldTexts[at / STRIDE];
    }
  }
}
