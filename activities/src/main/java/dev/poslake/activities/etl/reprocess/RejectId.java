package dev.poslake.activities.etl.reprocess;

import java.util.Comparator;

/**
 * One row of rejected_inventory_change: its Kafka record (topic, partition, offset) and when silver rejected it.
 * The position alone could repeat after a topic was recreated; with rejected_at it names one row.
 */
record RejectId(String topic, int partition, long offset, long rejectedAtMicros) implements Comparable<RejectId> {
  private static final Comparator<RejectId> ORDER = Comparator.comparingInt(RejectId::partition)
      .thenComparingLong(RejectId::offset).thenComparingLong(RejectId::rejectedAtMicros)
      .thenComparing(RejectId::topic);

  /** A line of a decision file; topic last (Kafka topic names hold no tabs or line breaks). */
  String line() {
    return partition + "\t" + offset + "\t" + rejectedAtMicros + "\t" + topic;
  }

  static RejectId parse(String line) {
    String[] f = line.split("\t", 4);
    if (f.length != 4) throw new IllegalArgumentException("not a reject id line: " + line);
    return new RejectId(f[3], Integer.parseInt(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
  }

  @Override
  public int compareTo(RejectId o) {
    return ORDER.compare(this, o);
  }
}
