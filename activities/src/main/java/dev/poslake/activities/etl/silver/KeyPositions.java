package dev.poslake.activities.etl.silver;

import dev.poslake.activities.etl.domain.DedupKey;
import java.util.UUID;

/**
 * De-dup key → position (Kafka partition, offset) of its kept occurrence, for one silver batch: an open-addressing
 * hash table over primitive arrays (four longs per slot, no objects per key), since a batch holds a key per
 * transaction part (about a million per million transactions) and a {@code HashMap<DedupKey, Long>} costs
 * about four objects per entry. A position of {@link #EXISTING} marks a key inventory_change already has.
 */
final class KeyPositions {
  static final long EXISTING = -1;
  /** What {@link #get} and {@link #putMin} return for a key not in the table. */
  static final long NEW = -2;
  private static final long FREE = Long.MIN_VALUE;

  private long[] msb;
  private long[] lsb;
  private long[] storePart;
  private long[] position; // FREE = empty slot
  private int size;

  KeyPositions() {
    allocate(1 << 12);
  }

  private void allocate(int capacity) {
    msb = new long[capacity];
    lsb = new long[capacity];
    storePart = new long[capacity];
    position = new long[capacity];
    java.util.Arrays.fill(position, FREE);
  }

  int size() {
    return size;
  }

  /** Records the position unless the key has a lower one; returns the previous position, {@link #NEW} if none. */
  long putMin(DedupKey key, long pos) {
    int slot = find(key.transId(), key.storeId(), key.part());
    long previous = position[slot];
    if (previous == FREE) {
      if ((size + 1) * 4L > msb.length * 3L) { // load factor 0.75
        grow();
        slot = find(key.transId(), key.storeId(), key.part());
      }
      store(slot, key, pos);
      size++;
      return NEW;
    }
    if (pos < previous) position[slot] = pos;
    return previous;
  }

  /** The position of the key, or {@link #NEW} if absent. */
  long get(DedupKey key) {
    long p = position[find(key.transId(), key.storeId(), key.part())];
    return p == FREE ? NEW : p;
  }

  /** Marks a key as already in silver; true if it is in this batch and was not marked yet. */
  boolean markExisting(DedupKey key) {
    int slot = find(key.transId(), key.storeId(), key.part());
    if (position[slot] == FREE || position[slot] == EXISTING) return false;
    position[slot] = EXISTING;
    return true;
  }

  private void store(int slot, DedupKey key, long pos) {
    msb[slot] = key.transId().getMostSignificantBits();
    lsb[slot] = key.transId().getLeastSignificantBits();
    storePart[slot] = packStorePart(key.storeId(), key.part());
    position[slot] = pos;
  }

  private static long packStorePart(int storeId, int part) {
    return ((long) storeId << 32) | (part & 0xFFFFFFFFL);
  }

  /** The slot holding the key, or the free slot where it would go (linear probing). */
  private int find(UUID transId, int storeId, int part) {
    long m = transId.getMostSignificantBits();
    long l = transId.getLeastSignificantBits();
    long sp = packStorePart(storeId, part);
    int mask = msb.length - 1;
    int slot = (int) mix(m, l, sp) & mask;
    while (position[slot] != FREE && (msb[slot] != m || lsb[slot] != l || storePart[slot] != sp)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static long mix(long m, long l, long sp) {
    long h = m * 0x9E3779B97F4A7C15L ^ l * 0xC2B2AE3D27D4EB4FL ^ sp * 0x165667B19E3779F9L;
    return h ^ (h >>> 29) ^ (h >>> 47);
  }

  private void grow() {
    long[] oldM = msb;
    long[] oldL = lsb;
    long[] oldSp = storePart;
    long[] oldP = position;
    allocate(oldM.length * 2);
    int mask = msb.length - 1;
    for (int i = 0; i < oldP.length; i++) {
      if (oldP[i] == FREE) continue;
      int slot = (int) mix(oldM[i], oldL[i], oldSp[i]) & mask;
      while (position[slot] != FREE) slot = (slot + 1) & mask;
      msb[slot] = oldM[i];
      lsb[slot] = oldL[i];
      storePart[slot] = oldSp[i];
      position[slot] = oldP[i];
    }
  }
}
