package dev.poslake.activities.etl.bronze;

/**
 * Kafka offsets [fromOffset, toOffset) of one partition of a topic.
 *
 * @param topicId the topic's id when the range was planned (null: unknown, e.g. an older plan); bronze refuses to
 *     commit the range on top of offsets of another topic id
 */
public record PartitionRange(String topic, int partition, long fromOffset, long toOffset, String topicId) {
  public PartitionRange(String topic, int partition, long fromOffset, long toOffset) {
    this(topic, partition, fromOffset, toOffset, null);
  }

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
