package dev.poslake.activities.etl.domain;

import dev.poslake.activities.reference.ChangeType;
import dev.poslake.activities.reference.Store;
import java.time.Instant;
import java.util.Iterator;

/**
 * The gold formula of the SPEC, as pure functions. For a (store, item) whose latest snapshot is (S, Q):
 * <ul>
 *   <li>relevant changes = that pair's {@code inventory_change} rows with {@code date_time >= S} (inclusive),
 *       except rows of the online store 0 with change type BOPIS (the fulfilling store's row moves the stock);</li>
 *   <li>{@code snapshot_quantity = Q}, {@code change_quantity = Σ quantity} of relevant changes (0 if none),
 *       {@code current_inventory = Q + change_quantity}, {@code date_time = max(S, latest relevant change)}.</li>
 * </ul>
 *
 * <p>Incremental maintenance ({@link #extend}) is exact because both aggregates are a sum and a max: for an
 * unchanged snapshot, {@code gold(old ∪ new) = fold(gold(old), new)}. The merge must therefore
 * <ul>
 *   <li>recompute ({@link #compute}) every pair whose latest snapshot changed (a newer recount resets the pair;
 *       changes older than the new S drop out), reading all of that pair's silver changes with date_time >= S;</li>
 *   <li>extend every other touched pair with exactly the silver rows appended since the silver snapshot the
 *       previous gold commit consumed — no more (double counting), no less. Late changes older than S are
 *       ignored by the rule itself; late changes at or after S are added.</li>
 * </ul>
 * Record the consumed silver snapshot id in the gold commit so that a retried merge re-reads the same range.
 */
public final class GoldRule {
  private GoldRule() {}

  /** Whether a change of the pair counts against a snapshot taken at {@code snapshotTime}. */
  public static boolean isRelevant(Instant snapshotTime, ChangeRow change) {
    return !isOnlineBopis(change) && !change.dateTime().isBefore(snapshotTime);
  }

  /** The online store's copy of a BOPIS order: never counted (the physical store's copy is). */
  public static boolean isOnlineBopis(ChangeRow change) {
    return isOnlineBopis(change.storeId(), change.changeTypeId());
  }

  public static boolean isOnlineBopis(int storeId, int changeTypeId) {
    return storeId == Store.ONLINE_STORE_ID && changeTypeId == ChangeType.BOPIS;
  }

  /**
   * Full computation from the latest snapshot and all of the pair's changes, in any order. Changes before S and
   * online BOPIS copies are skipped; a change of another pair throws IllegalArgumentException (a grouping bug).
   */
  public static GoldRow compute(SnapshotRow snapshot, Iterator<ChangeRow> changes) {
    return compute(snapshot.storeId(), snapshot.itemId(), snapshot.dateTime(), snapshot.quantity(), changes);
  }

  public static GoldRow compute(
      int storeId, int itemId, Instant snapshotTime, int snapshotQuantity, Iterator<ChangeRow> changes) {
    GoldAccumulator acc = GoldAccumulator.start(storeId, itemId, snapshotTime, snapshotQuantity);
    acc.acceptAll(changes);
    return acc.result();
  }

  /**
   * Incremental form: the previous gold row of the pair, computed from the same snapshot (S, Q) that is still
   * the latest, plus the changes that reached silver since. Equal to {@link #compute} over all changes.
   *
   * @throws IllegalArgumentException if {@code previous} cannot come from snapshot (S, Q) — recompute instead
   */
  public static GoldRow extend(GoldRow previous, Instant snapshotTime, int snapshotQuantity,
      Iterator<ChangeRow> newChanges) {
    GoldAccumulator acc = GoldAccumulator.resume(previous, snapshotTime, snapshotQuantity);
    acc.acceptAll(newChanges);
    return acc.result();
  }

  /**
   * Whether {@code previous} is consistent with snapshot (S, Q): same quantity and a date_time not before S.
   * Necessary, not sufficient: a new recount with the same quantity at a time before the previous row's date_time
   * is not detectable from the gold row alone, so the merge must learn "snapshot changed" from the latest-snapshot
   * upsert, not from this check.
   */
  public static boolean isConsistent(GoldRow previous, Instant snapshotTime, int snapshotQuantity) {
    return previous.snapshotQuantity() == snapshotQuantity && !previous.dateTime().isBefore(snapshotTime);
  }
}
