package dev.poslake.activities.etl.gold;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * A map from pair keys ({@code PairKey}: store and item in one long) to objects, open addressing with linear probing:
 * the per-row look-up of a store merge (a silver row's pair among one store's up to ~100,000 pairs) without boxing a
 * Long per row or a node per entry. Not thread-safe (one per store merge).
 */
final class PairMap<V> {
  /** Marks an empty slot; that key itself (store Integer.MIN_VALUE, item 0) is kept aside. */
  private static final long FREE = Long.MIN_VALUE;

  private long[] keys;
  private Object[] values;
  private int size;
  private boolean hasFreeKey;
  private Object freeKeyValue;

  PairMap() {
    keys = new long[16];
    Arrays.fill(keys, FREE);
    values = new Object[16];
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    if (key == FREE) return hasFreeKey ? (V) freeKeyValue : null;
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) return (V) values[i];
      if (k == FREE) return null;
    }
  }

  void put(long key, V value) {
    if (key == FREE) {
      if (!hasFreeKey) size++;
      hasFreeKey = true;
      freeKeyValue = value;
      return;
    }
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != FREE && keys[i] != key) i = (i + 1) & mask;
    if (keys[i] == FREE) {
      keys[i] = key;
      size++;
    }
    values[i] = value;
    if (size * 2 > keys.length) grow();
  }

  /** The value of {@code key}, added from {@code create} if absent. */
  V computeIfAbsent(long key, Supplier<V> create) {
    V v = get(key);
    if (v == null) {
      v = create.get();
      put(key, v);
    }
    return v;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Calls {@code action} for each entry, in no particular order. */
  @SuppressWarnings("unchecked")
  void forEach(Entry<V> action) {
    if (hasFreeKey) action.accept(FREE, (V) freeKeyValue);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != FREE) action.accept(keys[i], (V) values[i]);
    }
  }

  /** Adds every key to {@code out}. */
  void addKeysTo(Collection<Long> out) {
    if (hasFreeKey) out.add(FREE);
    for (long k : keys) if (k != FREE) out.add(k);
  }

  /** One entry of {@link #forEach}. */
  @FunctionalInterface
  interface Entry<V> {
    void accept(long key, V value);
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    Arrays.fill(keys, FREE);
    values = new Object[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] == FREE) continue;
      int i = slot(oldKeys[j], mask);
      while (keys[i] != FREE) i = (i + 1) & mask;
      keys[i] = oldKeys[j];
      values[i] = oldValues[j];
    }
  }

  /** A mixing hash: pair keys of one store differ only in their low half, by small steps. */
  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 32) & mask;
  }
}
