package dev.poslake.activities.generator;

import dev.poslake.activities.reference.ChangeType;
import dev.poslake.activities.reference.Item;
import dev.poslake.activities.reference.ReferenceData;
import dev.poslake.activities.reference.Store;
import java.util.ArrayList;
import java.util.List;

/** Small hand-built reference data: online + 2 stores, 50 items of 5 suppliers. */
final class TestData {
  private TestData() {}

  static ReferenceData reference() {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      items.add(new Item(100001 + i, "item " + i, 1 + i % 5, 1 + i % 10));
    }
    return new ReferenceData(
        List.of(new Store(0, "online"), new Store(1, "store_001"), new Store(2, "store_002")),
        items,
        List.of(new ChangeType(1, "sale"), new ChangeType(2, "shrink"), new ChangeType(3, "restock"),
            new ChangeType(4, "bopis"), new ChangeType(-1, "snapshot")));
  }
}
