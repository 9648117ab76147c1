package dev.poslake.activities.etl.bronze;

import java.util.List;

/**
 * What one ETL run ingests: non-empty ranges only.
 *
 * @param totalLag    records left beyond the per-partition cap (picked up by the next run)
 * @param lostOffsets offsets that Kafka retention deleted before bronze read them (committed end &lt; log
 *                    start): the ranges start at the log start instead. Should always be 0; anything else
 *                    means data loss and is logged as an error.
 */
public record OffsetPlan(String topic, List<PartitionRange> ranges, long totalLag, long lostOffsets) {
  public OffsetPlan {
    ranges = List.copyOf(ranges);
  }

  public OffsetPlan(String topic, List<PartitionRange> ranges, long totalLag) {
    this(topic, ranges, totalLag, 0);
  }
}
