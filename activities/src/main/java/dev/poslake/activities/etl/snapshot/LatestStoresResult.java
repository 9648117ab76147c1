package dev.poslake.activities.etl.snapshot;

import java.util.List;

/**
 * What one store bucket of a latest-snapshot upsert did.
 *
 * @param changedPairs (store, item) pairs whose latest row changed (0 for stores an earlier attempt already did)
 * @param storesRewritten stores whose partition this attempt rewrote
 * @param rowsRead new inventory_snapshot rows read
 * @param cpuNanos CPU time of the thread that ran it
 */
public record LatestStoresResult(long changedPairs, List<Integer> storesRewritten, long rowsRead, long cpuNanos) {
  public LatestStoresResult {
    storesRewritten = List.copyOf(storesRewritten);
  }
}
