package dev.poslake.activities.etl.gold;

/**
 * Counts of one gold merge.
 *
 * @param keysTouched          distinct (store, item) keys with new silver rows or a changed latest snapshot
 * @param rowsUpserted         current_inventory rows inserted or changed
 * @param pairsWithoutSnapshot touched keys that have changes but no snapshot (absent from gold)
 * @param silverRowsRead       inventory_change rows read (new rows plus rows re-read for recomputed pairs)
 * @param newestEventMillis    newest date_time (epoch ms) among the new silver rows consumed, 0 if none
 */
public record GoldResult(long keysTouched, long rowsUpserted, long pairsWithoutSnapshot, long silverRowsRead,
    long newestEventMillis) {}
