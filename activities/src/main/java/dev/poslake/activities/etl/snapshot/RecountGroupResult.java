package dev.poslake.activities.etl.snapshot;

import java.util.Map;

/**
 * What one file group's ingest did.
 *
 * @param filesIngested file versions read into the tables
 * @param filesReuploaded versions whose content the ledger already had under another ETag: recorded, not ingested
 * @param rows rows of these files (appended to inventory_snapshot by this attempt or an earlier one)
 * @param rejected rejected lines of these files
 * @param bytesRead bytes read from the object store
 * @param cpuNanos CPU time of the thread that ran the ingest (for benchmarks on a shared machine)
 */
public record RecountGroupResult(int filesIngested, int filesReuploaded, long rows, long rejected,
    Map<String, Long> rejectsByReason, long bytesRead, long cpuNanos) {
  public RecountGroupResult {
    rejectsByReason = Map.copyOf(rejectsByReason);
  }
}
