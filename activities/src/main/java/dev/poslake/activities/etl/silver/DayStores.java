package dev.poslake.activities.etl.silver;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The (UTC day, store) pairs a batch's valid parts fall in: inventory_change is partitioned by day(date_time) and
 * bucket(store_id), and a re-delivered message has the same date_time and store_id as the original, so these are the
 * only partitions where a batch key can already be in silver. Few distinct pairs, one add per part.
 */
final class DayStores {
  static final long MICROS_PER_DAY = 86_400_000_000L;
  private final LongSet pairs = new LongSet();
  private long last = Long.MIN_VALUE;

  void add(long epochDay, int storeId) {
    long p = (epochDay << 32) | (storeId & 0xFFFFFFFFL);
    if (p == last) return;
    last = p;
    pairs.add(p);
  }

  void addPacked(long pair) {
    pairs.add(pair);
  }

  long[] packed() {
    return pairs.sorted();
  }

  boolean isEmpty() {
    return pairs.size() == 0;
  }

  /** Epoch day → stores. */
  Map<Long, Set<Integer>> byDay() {
    Map<Long, Set<Integer>> out = new TreeMap<>();
    for (long p : pairs.sorted()) out.computeIfAbsent(p >> 32, d -> new TreeSet<>()).add((int) p);
    return out;
  }
}
