package dev.poslake.activities.etl.reprocess;

/** Test seam around a reprocess's inventory_change commit (e.g. a crash right after it, before the marking). */
public interface ReprocessHook {
  ReprocessHook NONE = new ReprocessHook() {};

  /** After the analysis and the staged files, right before the guarded commit. */
  default void beforeSilverCommit() {}

  /** Right after the commit succeeded, before the step returns. */
  default void afterSilverCommit() {}
}
