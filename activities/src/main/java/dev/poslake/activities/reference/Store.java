package dev.poslake.activities.reference;

/** A row of store.txt. Store 0 is the online store. */
public record Store(int storeId, String name) {
  public static final int ONLINE_STORE_ID = 0;

  public boolean isOnline() {
    return storeId == ONLINE_STORE_ID;
  }
}
