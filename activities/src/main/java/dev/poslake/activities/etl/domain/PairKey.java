package dev.poslake.activities.etl.domain;

/** (store_id, item_id) packed into one long: store in the high 32 bits. Ordered like (store, item) for ids >= 0. */
public final class PairKey {
  private PairKey() {}

  public static long of(int storeId, int itemId) {
    return ((long) storeId << 32) | (itemId & 0xFFFFFFFFL);
  }

  public static int storeId(long key) {
    return (int) (key >> 32);
  }

  public static int itemId(long key) {
    return (int) key;
  }
}
