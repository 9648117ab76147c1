package dev.poslake.activities.etl.silver;

/**
 * A bronze record's position, (Kafka partition, offset), in one long ordered like the pair: partition in the top
 * 16 bits. Within a batch it identifies one bronze record, so it also names the one occurrence of a key that
 * silver keeps (the lowest).
 */
final class Positions {
  private Positions() {}

  static long of(int partition, long offset) {
    if (partition < 0 || partition >= (1 << 15) || offset < 0 || offset >= (1L << 48)) {
      throw new IllegalArgumentException("partition/offset out of range: " + partition + "/" + offset);
    }
    return ((long) partition << 48) | offset;
  }
}
