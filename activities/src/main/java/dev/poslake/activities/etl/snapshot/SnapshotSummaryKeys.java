package dev.poslake.activities.etl.snapshot;

/**
 * Snapshot summary properties the snapshot step writes. They make every commit recognisable, so a retried
 * step skips what an earlier attempt already committed, and they let the gold merge find which recounts are new.
 */
public final class SnapshotSummaryKeys {
  private SnapshotSummaryKeys() {}

  /** On inventory_snapshot, rejected_snapshot_row and ingested_snapshot_file commits: the file's object key. */
  public static final String SOURCE_FILE = "pos.snapshot.source-file";
  /** Next to {@link #SOURCE_FILE}: SHA-256 (hex) of the file content, i.e. which version of the file. */
  public static final String SOURCE_SHA256 = "pos.snapshot.source-sha256";
  /** On ingested_snapshot_file commits: the object's ETag the ledger row records. */
  public static final String SOURCE_ETAG = "pos.snapshot.source-etag";
  /** On inventory_snapshot commits: the store ids of the file's rows, comma-separated. */
  public static final String STORES = "pos.snapshot.stores";

  /**
   * On latest_inventory_snapshot: every inventory_snapshot row up to and including this inventory_snapshot
   * snapshot id is folded in. Written by the last commit of an upsert, so a latest snapshot carrying it is a
   * consistent state (gold reads latest_inventory_snapshot only as of such a snapshot).
   */
  public static final String LATEST_FOLDED_UPTO = "pos.latest.inventory-snapshot-id";
  /** On latest_inventory_snapshot commits: (store, item) pairs whose latest row changed. */
  public static final String LATEST_CHANGED_PAIRS = "pos.latest.changed-pairs";
  /** On a latest_inventory_snapshot partition rewrite: the store whose partition was rewritten. */
  public static final String LATEST_STORE = "pos.latest.store";
}
