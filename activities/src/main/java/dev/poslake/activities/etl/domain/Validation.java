package dev.poslake.activities.etl.domain;

import dev.poslake.activities.reference.ChangeType;
import dev.poslake.activities.reference.Item;
import dev.poslake.activities.reference.ReferenceData;
import dev.poslake.activities.reference.Store;

/**
 * The reference ids that change messages and snapshot lines are validated against. Immutable and thread-safe;
 * build it once per activity call from the reference data and share it.
 */
public record Validation(IntIdSet storeIds, IntIdSet changeTypeIds, IntIdSet itemIds) {

  public static Validation of(ReferenceData ref) {
    return new Validation(
        IntIdSet.of(ref.stores().stream().mapToInt(Store::storeId).toArray()),
        IntIdSet.of(ref.changeTypes().stream().mapToInt(ChangeType::changeTypeId).toArray()),
        IntIdSet.of(ref.items().stream().mapToInt(Item::itemId).toArray()));
  }

  public boolean isKnownStore(int storeId) {
    return storeIds.contains(storeId);
  }

  /**
   * True if a change message may carry this change type: it is in the reference file and it is not the snapshot
   * type (-1), which only recount files carry.
   */
  public boolean isKnownChangeType(int changeTypeId) {
    return changeTypeId != ChangeType.SNAPSHOT && changeTypeIds.contains(changeTypeId);
  }

  public boolean isKnownItem(int itemId) {
    return itemIds.contains(itemId);
  }
}
