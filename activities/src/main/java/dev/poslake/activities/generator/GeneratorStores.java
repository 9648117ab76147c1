package dev.poslake.activities.generator;

import dev.poslake.activities.reference.ReferenceData;
import dev.poslake.activities.reference.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * Which stores the generator simulates: the online store (if store.txt has it) plus N physical stores. N = 0 means
 * the physical stores of store.txt; a larger N adds store_002, store_003, ... after the highest id (the caller
 * must make sure store.txt lists them too, or silver rejects their rows); a smaller N takes the first N.
 */
public final class GeneratorStores {
  private GeneratorStores() {}

  public static List<Store> resolve(ReferenceData reference, int physicalStores) {
    List<Store> online = new ArrayList<>();
    List<Store> physical = new ArrayList<>();
    for (Store s : reference.stores()) {
      (s.isOnline() ? online : physical).add(s);
    }
    physical.sort((a, b) -> Integer.compare(a.storeId(), b.storeId()));
    if (physicalStores > 0 && physicalStores < physical.size()) {
      physical = new ArrayList<>(physical.subList(0, physicalStores));
    }
    int next = physical.isEmpty() ? 1 : physical.get(physical.size() - 1).storeId() + 1;
    while (physical.size() < physicalStores) {
      physical.add(new Store(next, String.format("store_%03d", next)));
      next++;
    }
    List<Store> all = new ArrayList<>(online);
    all.addAll(physical);
    return all;
  }

  public static int[] ids(List<Store> stores) {
    return stores.stream().mapToInt(Store::storeId).toArray();
  }
}
