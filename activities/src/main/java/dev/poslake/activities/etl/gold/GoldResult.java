package dev.poslake.activities.etl.gold;

/**
 * Counts of one gold merge (one bucket, or all of them summed).
 *
 * @param keysTouched          distinct (store, item) keys with new silver rows or a changed latest snapshot
 * @param rowsUpserted         current_inventory rows inserted or changed
 * @param pairsWithoutSnapshot touched keys that have changes but no snapshot (absent from gold)
 * @param silverRowsRead       inventory_change rows read (new rows plus rows re-read for recomputed pairs)
 * @param newestEventMillis    newest date_time (epoch ms) among the new silver rows consumed, 0 if none
 */
public record GoldResult(long keysTouched, long rowsUpserted, long pairsWithoutSnapshot, long silverRowsRead,
    long newestEventMillis) {

  /** Nothing merged: gold was at the target, or the attempt was stale. */
  public static final GoldResult NONE = new GoldResult(0, 0, 0, 0, 0);

  /** The counts of two disjoint merges (buckets) together. */
  public GoldResult plus(GoldResult o) {
    return new GoldResult(keysTouched + o.keysTouched, rowsUpserted + o.rowsUpserted,
        pairsWithoutSnapshot + o.pairsWithoutSnapshot, silverRowsRead + o.silverRowsRead,
        Math.max(newestEventMillis, o.newestEventMillis));
  }
}
