package dev.poslake.activities.etl.bronze;

/**
 * Outcome of one bronze range.
 *
 * @param alreadyCommitted an earlier attempt had committed this range: nothing was written now
 * @param lostOffsets      offsets between the committed end and {@code fromOffset} that Kafka retention had
 *                         deleted (see {@link OffsetPlan#lostOffsets()}); normally 0
 * @param snapshotId       the bronze snapshot that holds the range (0 if already committed before)
 * @param payloadBytes     key and value bytes of the records read (the Kafka payload)
 * @param cpuNanos         CPU time of the activity's thread for the range (read, write, commit), for benchmarks
 */
public record BronzeResult(int partition, long fromOffset, long toOffset, long records, long bytesWritten,
    int filesWritten, boolean alreadyCommitted, long lostOffsets, long snapshotId, long payloadBytes, long cpuNanos) {

  static BronzeResult already(PartitionRange r) {
    return new BronzeResult(r.partition(), r.fromOffset(), r.toOffset(), 0, 0, 0, true, 0, 0, 0, 0);
  }
}
