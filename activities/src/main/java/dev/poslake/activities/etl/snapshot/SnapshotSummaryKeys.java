package dev.poslake.activities.etl.snapshot;

/**
 * Snapshot summary properties the snapshot step writes. They make every commit recognisable, so a retried
 * step skips what an earlier attempt already committed, and they let the gold merge find which recounts are new.
 */
public final class SnapshotSummaryKeys {
  private SnapshotSummaryKeys() {}

  /**
   * On inventory_snapshot, rejected_snapshot_row and ingested_snapshot_file commits, one key per file version the
   * commit holds: {@code pos.snapshot.file.<object key>} = SHA-256 (hex) of the file's content. A commit holds the
   * versions of one file group (see {@link FileVersionCommits}).
   */
  public static final String FILE_PREFIX = "pos.snapshot.file.";
  /** On ingested_snapshot_file commits, per file version: {@code pos.snapshot.etag.<object key>} = the ETag recorded. */
  public static final String ETAG_PREFIX = "pos.snapshot.etag.";
  /** On group commits: how many file versions the commit holds (informational). */
  public static final String FILES = "pos.snapshot.files";
  /**
   * Commits of releases before the fan-out hold one file version each: its object key. Still recognised, so a
   * version committed by an older worker is never committed again.
   */
  public static final String SOURCE_FILE = "pos.snapshot.source-file";
  /** Next to {@link #SOURCE_FILE} (older releases): SHA-256 (hex) of the file content. */
  public static final String SOURCE_SHA256 = "pos.snapshot.source-sha256";
  /** On ingested_snapshot_file commits of older releases: the object's ETag the ledger row records. */
  public static final String SOURCE_ETAG = "pos.snapshot.source-etag";
  /** On inventory_snapshot commits: the store ids of the commit's rows, comma-separated. */
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
