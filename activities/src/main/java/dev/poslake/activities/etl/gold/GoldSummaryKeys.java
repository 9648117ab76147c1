package dev.poslake.activities.etl.gold;

/**
 * Snapshot summary properties of {@code current_inventory} commits: what the gold table state was computed
 * from. The next merge continues from exactly there, so a retry before the commit redoes the same increment and
 * a retry after it finds nothing left to do.
 */
public final class GoldSummaryKeys {
  private GoldSummaryKeys() {}

  /** The {@code inventory_change} snapshot id whose rows are all folded in. */
  public static final String SILVER_SNAPSHOT_ID = "pos.gold.silver-snapshot-id";
  /** The {@code latest_inventory_snapshot} snapshot id (an upsert marker snapshot) the pairs are computed from. */
  public static final String LATEST_SNAPSHOT_ID = "pos.gold.latest-snapshot-id";
  /** Counts of the merge, informational. */
  public static final String KEYS_TOUCHED = "pos.gold.keys-touched";
  public static final String ROWS_UPSERTED = "pos.gold.rows-upserted";
  public static final String PAIRS_WITHOUT_SNAPSHOT = "pos.gold.pairs-without-snapshot";
  /** "incremental" or "full" (first merge, or the consumed silver snapshot is no longer an ancestor). */
  public static final String MODE = "pos.gold.mode";
}
