package dev.poslake.activities.etl.silver;

import java.util.Map;

/**
 * Counts of one silver batch.
 *
 * @param transactionParts  valid message parts written (after de-duplication)
 * @param duplicatesDropped valid parts not written because the same (trans_id, store_id, part) is already in
 *                          inventory_change or earlier in the batch
 * @param fromBronzeSnapshotId exclusive start of the processed bronze snapshots (0: from the beginning)
 * @param toBronzeSnapshotId   inclusive end (0: nothing to do)
 */
public record SilverResult(long bronzeRecordsRead, long changeRows, long transactionParts,
    long duplicatesDropped, Map<String, Long> rejectsByReason, long rejected, int filesWritten,
    long fromBronzeSnapshotId, long toBronzeSnapshotId) {
  public SilverResult {
    rejectsByReason = Map.copyOf(rejectsByReason);
  }

  static SilverResult nothing(long at) {
    return new SilverResult(0, 0, 0, 0, Map.of(), 0, 0, at, at);
  }
}
