package dev.poslake.workflows.etl;

import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import java.time.Duration;

/**
 * Settings of an ETL run, carried in the workflow input so every worker runs the same plan.
 *
 * @param maxOffsetsPerPartition cap of Kafka records per partition in one run (the rest waits for the next)
 * @param compactMinFiles rewrite a partition's small files once it has at least this many
 * @param targetFileBytes size compaction aims for
 * @param expireSnapshotsOlderThanMillis snapshots older than this are expired (time travel horizon)
 * @param retainSnapshots always keep at least this many snapshots per table
 * @param acceptDataLoss skip (and record) Kafka offsets retention deleted before bronze read them, instead of
 *     failing the run; absent (false) in the input of an older release's run
 * @param goldBuckets buckets of stores the gold step fans out to; absent (0: the default) in an older run's input
 */
public record EtlOptions(int maxOffsetsPerPartition, int compactMinFiles, long targetFileBytes,
    long expireSnapshotsOlderThanMillis, int retainSnapshots, boolean acceptDataLoss, int goldBuckets) {

  /** Without the gold bucket count (the default then), as before the gold fan-out. */
  public EtlOptions(int maxOffsetsPerPartition, int compactMinFiles, long targetFileBytes,
      long expireSnapshotsOlderThanMillis, int retainSnapshots, boolean acceptDataLoss) {
    this(maxOffsetsPerPartition, compactMinFiles, targetFileBytes, expireSnapshotsOlderThanMillis, retainSnapshots,
        acceptDataLoss, 0);
  }

  static final long TARGET_FILE_BYTES = 128L * 1024 * 1024;
  static final Duration SNAPSHOT_RETENTION = Duration.ofDays(7);
  static final int RETAIN_SNAPSHOTS = 100;

  public static EtlOptions from(PosConfig config) {
    return new EtlOptions(config.get(PosSettings.ETL_MAX_OFFSETS_PER_PARTITION),
        config.get(PosSettings.ETL_COMPACT_MIN_FILES),
        TARGET_FILE_BYTES, SNAPSHOT_RETENTION.toMillis(), RETAIN_SNAPSHOTS,
        config.get(PosSettings.ETL_ACCEPT_DATA_LOSS), config.get(PosSettings.GOLD_BUCKETS));
  }

  public EtlOptions withAcceptDataLoss(boolean accept) {
    return new EtlOptions(maxOffsetsPerPartition, compactMinFiles, targetFileBytes, expireSnapshotsOlderThanMillis,
        retainSnapshots, accept, goldBuckets);
  }

  public EtlOptions withMaxOffsetsPerPartition(int max) {
    return new EtlOptions(max, compactMinFiles, targetFileBytes, expireSnapshotsOlderThanMillis, retainSnapshots,
        acceptDataLoss, goldBuckets);
  }

  public EtlOptions withGoldBuckets(int buckets) {
    return new EtlOptions(maxOffsetsPerPartition, compactMinFiles, targetFileBytes, expireSnapshotsOlderThanMillis,
        retainSnapshots, acceptDataLoss, buckets);
  }

  /** The gold bucket count of this run: the setting's default for an older run's input. */
  public int goldBucketsOrDefault() {
    return goldBuckets > 0 ? goldBuckets : Integer.parseInt(PosSettings.GOLD_BUCKETS.defaultValue());
  }
}
