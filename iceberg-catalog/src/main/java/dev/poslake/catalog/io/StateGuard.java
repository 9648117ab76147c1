package dev.poslake.catalog.io;

import java.util.Objects;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;

/**
 * Compare-and-swap on a table's pipeline state. A step reads its state (offsets, processed ids) from the table's
 * newest state snapshot and decides what to write; its commit, with {@code .validateWith(guard)}, applies only if
 * that snapshot is still the newest state snapshot. Why: Iceberg applies every commit to the table's newest
 * metadata (a refresh even before the first attempt, and again on each retry) without re-running the caller's
 * checks, so without this a stale attempt, or a second run, commits on top of a state it never saw. Validation
 * runs on that newest ancestry at every attempt; a moved state fails with {@code ValidationException}: re-read
 * and decide again. Compactions ({@code replace}) change no state and pass.
 */
public final class StateGuard implements SnapshotAncestryValidator {
  private final String key;
  private final Long expected;
  private Long found;

  private StateGuard(String key, Long expected) {
    this.key = key;
    this.expected = expected;
  }

  /** The state is the newest non-replace snapshot; expected: its id when the state was read (null: none). */
  public static StateGuard unchangedSince(Long stateSnapshotId) {
    return new StateGuard(null, stateSnapshotId);
  }

  /** The table's newest non-replace snapshot now. */
  public static StateGuard unchangedSince(Table table) {
    return unchangedSince(SnapshotProperties.stateSnapshot(table).map(Snapshot::snapshotId).orElse(null));
  }

  /**
   * The state is the newest non-replace snapshot carrying {@code key} (for a step whose own intermediate commits,
   * without the key, may come in between); expected: its id when read (null: none).
   */
  public static StateGuard keyUnchangedSince(String key, Long snapshotIdCarryingKey) {
    return new StateGuard(key, snapshotIdCarryingKey);
  }

  @Override
  public boolean validate(Iterable<Snapshot> ancestors) {
    found = null;
    for (Snapshot s : ancestors) {
      if (SnapshotProperties.isReplace(s) || (key != null && !s.summary().containsKey(key))) continue;
      found = s.snapshotId();
      break;
    }
    return Objects.equals(found, expected);
  }

  @Override
  public String errorMessage() {
    return "the table's state moved on since it was read (state snapshot " + expected + ", now " + found
        + (key == null ? "" : ", key " + key) + "): a concurrent or newer attempt committed; re-read the state";
  }
}
