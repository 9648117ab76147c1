package dev.poslake.activities.rebuild;

/** Snapshot summary keys of the commit a rebuild puts on each table's branch (and so, once published, on main). */
public final class RebuildSummaryKeys {
  /** The rebuild the snapshot came from. */
  public static final String REBUILD_ID = "pos.rebuild.id";
  /** The version of the pipeline that recomputed it. */
  public static final String PIPELINE_VERSION = "pos.rebuild.pipeline-version";
  /** The staging table's snapshot the commit copies (how a retry maps staging ids to published ones). */
  public static final String STAGED_FROM = "pos.rebuild.staged-from-snapshot-id";

  private RebuildSummaryKeys() {}
}
