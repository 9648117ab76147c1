package dev.poslake.activities.etl.reprocess;

/**
 * Which quarantined records a reprocess looks at: those of rejected_inventory_change not marked reprocessed yet,
 * optionally only one reason and only rows rejected since a time.
 *
 * @param reason a reject reason code (e.g. {@code unknown_item}), null: every reason
 * @param sinceMillis only rows with rejected_at at or after this (epoch millis), null: all
 * @param dryRun count only: write nothing
 */
public record ReprocessRequest(String reason, Long sinceMillis, boolean dryRun) {
  public static ReprocessRequest all() {
    return new ReprocessRequest(null, null, false);
  }

  public ReprocessRequest asDryRun() {
    return new ReprocessRequest(reason, sinceMillis, true);
  }
}
