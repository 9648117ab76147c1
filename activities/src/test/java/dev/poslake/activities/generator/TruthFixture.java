package dev.poslake.activities.generator;

import dev.poslake.activities.env.ObjectStore;

/** Saves a generator state with a given true stock, for tests of the truth comparison. */
public final class TruthFixture {
  private TruthFixture() {}

  /** stock[s][i] is the true stock of stores[s], items[i] (items ascending). */
  public static void save(ObjectStore store, long clockMillis, int[] stores, int[] items, int[][] stock) {
    GeneratorState state = new GeneratorState(clockMillis, clockMillis, 0, stores, items);
    for (int s = 0; s < stores.length; s++) {
      System.arraycopy(stock[s], 0, state.stockRow(s), 0, items.length);
    }
    new ObjectStoreStateRepository(store).save(state);
  }
}
