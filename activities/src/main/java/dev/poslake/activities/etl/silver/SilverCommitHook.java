package dev.poslake.activities.etl.silver;

/** Test seam: runs between the rejected_inventory_change commit and the inventory_change commit. */
@FunctionalInterface
public interface SilverCommitHook {
  SilverCommitHook NONE = () -> {};

  void beforeChangeCommit();
}
