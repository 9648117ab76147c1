package dev.poslake.activities.etl.bronze;

/** Offsets [from, to) of a partition that retention deleted before bronze read them. */
public record LostRange(int partition, long from, long to) {
  public long size() {
    return to - from;
  }

  @Override
  public String toString() {
    return "partition " + partition + " [" + from + ", " + to + ")";
  }
}
