package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.domain.PairKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * A map from pair keys ({@code PairKey}: store and item in one long) to objects, open addressing with linear probing:
 * the per-row look-up of a store merge (a silver row's pair among one store's up to ~100,000 pairs) without boxing a
 * Long per row or a node per entry. Not thread-safe (one per store merge); values are never null.
 *
 * <p>A map made {@link #withItemArray with an item array} keeps one store's pairs of an item range in an array indexed
 * by item instead: a look-up there reads the slot and the value, where the hash part reads the key array, the value
 * array and the value, three random reads per row in a 100,000-pair map larger than a core's L2 cache (in the
 * bench's gold merge the probe was the top frame, about a third of the samples).
 */
final class PairMap<V> {
  /** Marks an empty slot; that key itself (store Integer.MIN_VALUE, item 0) is kept aside. */
  private static final long FREE = Long.MIN_VALUE;

  private long[] keys;
  private Object[] values;
  private int size;
  /** Of {@link #size}, the pairs in the item array (the hash part's load is the rest). */
  private int inArray;
  private boolean hasFreeKey;
  private Object freeKeyValue;
  /** The item array's pairs: of {@code arrayStore}, items from {@code firstItem}; null without one. */
  private final Object[] byItem;
  private final int arrayStore;
  private final int firstItem;

  PairMap() {
    this(null, 0, 0);
  }

  private PairMap(Object[] byItem, int arrayStore, int firstItem) {
    keys = new long[16];
    Arrays.fill(keys, FREE);
    values = new Object[16];
    this.byItem = byItem;
    this.arrayStore = arrayStore;
    this.firstItem = firstItem;
  }

  /** A map keeping the pairs of {@code store} with items in [firstItem, lastItem] in an array (its size: the range). */
  static <V> PairMap<V> withItemArray(int store, int firstItem, int lastItem) {
    long slots = (long) lastItem - firstItem + 1;
    if (slots < 1 || slots > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("item range " + slots);
    return new PairMap<>(new Object[(int) slots], store, firstItem);
  }

  /** The key's index in the item array, or -1 if it belongs to the hash part. */
  private int arrayIndex(long key) {
    if (byItem == null || PairKey.storeId(key) != arrayStore) return -1;
    long i = (long) PairKey.itemId(key) - firstItem;
    return i >= 0 && i < byItem.length ? (int) i : -1;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    int a = arrayIndex(key);
    if (a >= 0) return (V) byItem[a];
    if (key == FREE) return hasFreeKey ? (V) freeKeyValue : null;
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) return (V) values[i];
      if (k == FREE) return null;
    }
  }

  void put(long key, V value) {
    if (value == null) throw new IllegalArgumentException("null value");
    int a = arrayIndex(key);
    if (a >= 0) {
      if (byItem[a] == null) {
        size++;
        inArray++;
      }
      byItem[a] = value;
      return;
    }
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
    if ((size - inArray) * 2 > keys.length) grow();
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
    if (byItem != null) {
      for (int i = 0; i < byItem.length; i++) {
        if (byItem[i] != null) action.accept(PairKey.of(arrayStore, firstItem + i), (V) byItem[i]);
      }
    }
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != FREE) action.accept(keys[i], (V) values[i]);
    }
  }

  /** Adds every key to {@code out}. */
  void addKeysTo(Collection<Long> out) {
    if (hasFreeKey) out.add(FREE);
    if (byItem != null) {
      for (int i = 0; i < byItem.length; i++) if (byItem[i] != null) out.add(PairKey.of(arrayStore, firstItem + i));
    }
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
