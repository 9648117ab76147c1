package dev.poslake.activities.etl.io;

/**
 * Pipeline state kept in snapshot summaries (keys starting with {@value #PREFIX}).
 *
 * <p>Rules: a step reads its state from the newest NON-replace snapshot that carries its key
 * ({@link dev.poslake.catalog.io.SnapshotProperties#latest}); compaction commits ({@code replace}) carry no
 * state. A step commits only against the state it read ({@link dev.poslake.catalog.io.StateGuard}). Incremental
 * readers (silver over bronze, gold over silver) read {@code append} snapshots only: {@code replace} snapshots
 * hold the same rows in new files.
 */
public final class StateSnapshots {
  public static final String PREFIX = "pos.";

  private StateSnapshots() {}
}
