package dev.poslake.activities.reference;

import java.util.List;

/** The three reference files, typed and validated. Items are in item_id order. */
public record ReferenceData(List<Store> stores, List<Item> items, List<ChangeType> changeTypes) {
  public ReferenceData {
    stores = List.copyOf(stores);
    items = List.copyOf(items);
    changeTypes = List.copyOf(changeTypes);
  }
}
