package dev.poslake.activities.etl.bronze;

/** Kafka offsets [fromOffset, toOffset) of one partition of a topic. */
public record PartitionRange(String topic, int partition, long fromOffset, long toOffset) {
  public PartitionRange {
    if (fromOffset < 0 || toOffset < fromOffset) {
      throw new IllegalArgumentException("bad range " + partition + ":[" + fromOffset + "," + toOffset + ")");
    }
  }

  public long size() {
    return toOffset - fromOffset;
  }

  @Override
  public String toString() {
    return topic + "/" + partition + ":[" + fromOffset + "," + toOffset + ")";
  }
}
