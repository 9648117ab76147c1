package dev.poslake.activities.etl.silver;

import dev.poslake.catalog.tables.InventoryChangeTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Where a batch's valid parts fall in time: the (UTC day, store) pairs and, per day, the minutes. A re-delivered
 * message is byte-identical to the original, so it has the same date_time and store_id: only silver rows of those
 * stores and minutes can hold a batch key already. inventory_change is partitioned by day(date_time) and
 * bucket(store_id); the minutes let the look-up skip the day's files from other times (each run's files cover the
 * minutes its batch covered), so a run reads what its own minutes hold, not the day's history. Few distinct pairs,
 * one add per part. Silver's commit ({@link ExistingKeys}) looks keys up by minute ({@link #filter()}), the
 * reprocessing of rejects over whole days ({@link #wholeDayFilter()}).
 */
public final class DayStores {
  static final long MICROS_PER_DAY = 86_400_000_000L;
  static final long MICROS_PER_MINUTE = 60_000_000L;
  static final int MINUTES_PER_DAY = 1440;
  /** Longs of one day's minute bits. */
  static final int MINUTE_WORDS = (MINUTES_PER_DAY + 63) / 64;
  /**
   * Time ranges per day in {@link #filter()}: runs of touched minutes, the closest joined beyond this many. A run's
   * batch gives one or two; each late re-delivery of an older message adds one, until they are joined.
   */
  static final int MAX_RANGES_PER_DAY = 16;

  private final LongSet pairs = new LongSet();
  private final Map<Long, long[]> minutes = new TreeMap<>();
  private long last = Long.MIN_VALUE;
  private long lastDay = Long.MIN_VALUE;
  private long[] lastBits;
  /** {@link #holds}'s last day and its minute bits (null: the whole day); rows come a day at a time. */
  private long heldDay = Long.MIN_VALUE;
  private long[] heldBits;
  /** {@link #anyMinuteBetween}'s runs of touched minutes, [start, end) micros over all days; built on first use. */
  private List<long[]> allRuns;

  /** A valid part at {@code micros} (since the epoch) of store {@code storeId}. */
  public void add(long micros, int storeId) {
    long day = Math.floorDiv(micros, MICROS_PER_DAY);
    int minute = (int) (Math.floorMod(micros, MICROS_PER_DAY) / MICROS_PER_MINUTE);
    if (day != lastDay) {
      lastBits = minutes.computeIfAbsent(day, d -> new long[MINUTE_WORDS]);
      lastDay = day;
    }
    lastBits[minute >>> 6] |= 1L << minute;
    long p = (day << 32) | (storeId & 0xFFFFFFFFL);
    if (p == last) return;
    last = p;
    pairs.add(p);
  }

  void addPacked(long pair) {
    pairs.add(pair);
  }

  /** Adds minutes of {@code day} (bits as {@link #minuteBits} gives them). */
  void addMinutes(long day, long[] bits) {
    long[] mine = minutes.computeIfAbsent(day, d -> new long[MINUTE_WORDS]);
    for (int i = 0; i < MINUTE_WORDS; i++) mine[i] |= bits[i];
  }

  /** Every minute of every day of the pairs: what a group that recorded no minutes (an older release) touched. */
  void addWholeDaysOf(long[] packedPairs) {
    long[] all = new long[MINUTE_WORDS];
    Arrays.fill(all, -1L);
    for (long p : packedPairs) addMinutes(p >> 32, all);
  }

  /**
   * True if a part at {@code micros} of store {@code storeId} falls in a touched (day, store) pair and a touched
   * minute of that day (minutes are per day, not per store): {@link #filter()}'s test before its ranges are joined,
   * for a reader that checks row by row. A day without minutes counts whole, as in {@link #ranges}. Call it once
   * the parts are all added.
   */
  boolean holds(long micros, int storeId) {
    long day = Math.floorDiv(micros, MICROS_PER_DAY);
    if (day != heldDay) {
      heldDay = day;
      long[] bits = minutes.get(day);
      heldBits = bits == null || Arrays.stream(bits).allMatch(w -> w == 0) ? null : bits;
    }
    if (heldBits != null) {
      int minute = (int) (Math.floorMod(micros, MICROS_PER_DAY) / MICROS_PER_MINUTE);
      if ((heldBits[minute >>> 6] & (1L << minute)) == 0) return false;
    }
    return pairs.contains((day << 32) | (storeId & 0xFFFFFFFFL));
  }

  /**
   * True if a touched minute of a touched day meets [{@code minMicros}, {@code maxMicros}]: whether a page of
   * silver rows with those date_time bounds may hold a row {@link #holds}. Call it once the parts are all added.
   */
  boolean anyMinuteBetween(long minMicros, long maxMicros) {
    if (allRuns == null) {
      List<long[]> runs = new ArrayList<>();
      for (long day : byDay().keySet()) runs.addAll(ranges(day, Integer.MAX_VALUE));
      allRuns = runs;
    }
    for (long[] run : allRuns) {
      if (run[0] <= maxMicros && minMicros < run[1]) return true;
    }
    return false;
  }

  long[] packed() {
    return pairs.sorted();
  }

  /** Day → its minute bits (bit m of word m / 64 for minute m of the day), in day order. */
  Map<Long, long[]> minuteBits() {
    return minutes;
  }

  public boolean isEmpty() {
    return pairs.size() == 0;
  }

  /**
   * The inventory_change rows that can hold a key of these parts: per day, the touched stores in the touched
   * minutes (at most {@link #MAX_RANGES_PER_DAY} ranges).
   */
  public Expression filter() {
    return filter(true);
  }

  /**
   * Per day, the touched stores over the whole day: for a look-up that must also find a key sent again at another
   * time of its day (the reprocessing of rejects, where a producer may have re-sent a corrected copy).
   */
  public Expression wholeDayFilter() {
    return filter(false);
  }

  private Expression filter(boolean byMinute) {
    Expression filter = Expressions.alwaysFalse();
    for (Map.Entry<Long, Set<Integer>> e : byDay().entrySet()) {
      Expression times = Expressions.alwaysFalse();
      List<long[]> ranges = byMinute ? ranges(e.getKey(), MAX_RANGES_PER_DAY)
          : List.of(new long[] {e.getKey() * MICROS_PER_DAY, (e.getKey() + 1) * MICROS_PER_DAY});
      for (long[] range : ranges) {
        times = Expressions.or(times, Expressions.and(
            Expressions.greaterThanOrEqual(InventoryChangeTable.DATE_TIME, range[0]),
            Expressions.lessThan(InventoryChangeTable.DATE_TIME, range[1])));
      }
      filter = Expressions.or(filter,
          Expressions.and(times, Expressions.in(InventoryChangeTable.STORE_ID, e.getValue().toArray())));
    }
    return filter;
  }

  /** Epoch day → stores. */
  Map<Long, Set<Integer>> byDay() {
    Map<Long, Set<Integer>> out = new TreeMap<>();
    for (long p : pairs.sorted()) out.computeIfAbsent(p >> 32, d -> new TreeSet<>()).add((int) p);
    return out;
  }

  /**
   * The day's minutes as at most {@code maxRanges} [start, end) ranges of epoch micros: runs of touched minutes,
   * the closest ones joined when there are more (joining only widens the ranges, so nothing a batch key can match
   * is left out). A day without minutes (none recorded, or none set) is the whole day.
   */
  List<long[]> ranges(long day, int maxRanges) {
    long start = day * MICROS_PER_DAY;
    long[] bits = minutes.get(day);
    List<int[]> runs = new ArrayList<>();
    if (bits != null) {
      for (int m = 0; m < MINUTES_PER_DAY; m++) {
        if ((bits[m >>> 6] & (1L << m)) == 0) continue;
        if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == m) runs.get(runs.size() - 1)[1] = m + 1;
        else runs.add(new int[] {m, m + 1});
      }
    }
    if (runs.isEmpty()) runs.add(new int[] {0, MINUTES_PER_DAY}); // no minutes known for a touched day
    while (runs.size() > maxRanges) {
      int closest = 1;
      for (int i = 2; i < runs.size(); i++) {
        if (runs.get(i)[0] - runs.get(i - 1)[1] < runs.get(closest)[0] - runs.get(closest - 1)[1]) closest = i;
      }
      runs.get(closest - 1)[1] = runs.remove(closest)[1];
    }
    List<long[]> out = new ArrayList<>();
    for (int[] r : runs) out.add(new long[] {start + r[0] * MICROS_PER_MINUTE, start + r[1] * MICROS_PER_MINUTE});
    return out;
  }
}
