package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.etl.domain.LatestSnapshotRule;
import java.util.Arrays;

/**
 * One store's latest rows, held as columns (about 40 bytes a row, no object per row) with an open-addressing index
 * by item: the latest-snapshot upsert loads the partition, {@link #offer}s the new recount rows with
 * {@link LatestSnapshotRule}'s order, and writes the partition again, sorted by item, if anything changed.
 */
final class LatestPartition {
  private int size;
  private int[] item = new int[1024];
  private int[] employee = new int[1024];
  private long[] micros = new long[1024];
  private int[] quantity = new int[1024];
  private String[] file = new String[1024];
  private long[] line = new long[1024];
  // item -> slot: entries (item << 32 | slot + 1), 0 = empty, linear probing, a power of two at most half full.
  // One array, and a hash that keeps consecutive items in consecutive entries: recounts come sorted by item, so the
  // look-ups stream through memory (a mixing hash made each one a cache miss: 40% of the upsert's CPU)
  private long[] table = new long[2048];
  private int changedPairs;
  private boolean[] changed = new boolean[1024];

  int size() {
    return size;
  }

  /** Pairs whose row an {@link #offer} replaced or added (each counted once). */
  int changedPairs() {
    return changedPairs;
  }

  /** A row already in the partition (loading it): kept as it is. */
  void load(int itemId, int employeeId, long dateTimeMicros, int qty, String sourceFile, long sourceLine) {
    int s = find(itemId);
    if (s >= 0) {
      // two rows of one pair in a partition (not written by this pipeline): keep the latest, as a fold would
      if (LatestSnapshotRule.compare(dateTimeMicros, sourceFile, sourceLine, qty, employeeId,
          micros[s], file[s], line[s], quantity[s], employee[s]) > 0) {
        set(s, itemId, employeeId, dateTimeMicros, qty, sourceFile, sourceLine);
      }
      return;
    }
    add(itemId, employeeId, dateTimeMicros, qty, sourceFile, sourceLine);
  }

  /** A new recount row: replaces the pair's row if it is later by the rule; true if the partition changed. */
  boolean offer(int itemId, int employeeId, long dateTimeMicros, int qty, String sourceFile, long sourceLine) {
    int s = find(itemId);
    if (s < 0) {
      s = add(itemId, employeeId, dateTimeMicros, qty, sourceFile, sourceLine);
    } else if (LatestSnapshotRule.compare(dateTimeMicros, sourceFile, sourceLine, qty, employeeId,
        micros[s], file[s], line[s], quantity[s], employee[s]) > 0) {
      set(s, itemId, employeeId, dateTimeMicros, qty, sourceFile, sourceLine);
    } else {
      return false; // older, or the same row again (a retry): no change
    }
    if (!changed[s]) {
      changed[s] = true;
      changedPairs++;
    }
    return true;
  }

  /** Writes every row, sorted by item, for {@code storeId}. */
  void writeSorted(int storeId, RecountRowsAppender out) {
    long[] order = new long[size];
    for (int s = 0; s < size; s++) order[s] = ((long) item[s] << 32) | s; // item high, slot low: sorts by item
    Arrays.sort(order);
    RecountRow row = new RecountRow();
    row.storeId = storeId;
    for (long o : order) {
      int s = (int) o;
      row.itemId = item[s];
      row.employeeId = employee[s];
      row.dateTimeMicros = micros[s];
      row.quantity = quantity[s];
      row.sourceFile(file[s]);
      row.sourceLine = line[s];
      out.write(row);
    }
  }

  private int find(int itemId) {
    int mask = table.length - 1;
    for (int h = hash(itemId) & mask; ; h = (h + 1) & mask) {
      long e = table[h];
      if (e == 0) return -1;
      if ((int) (e >>> 32) == itemId) return (int) e - 1;
    }
  }

  private int add(int itemId, int employeeId, long dateTimeMicros, int qty, String sourceFile, long sourceLine) {
    if (size == item.length) grow();
    int s = size++;
    set(s, itemId, employeeId, dateTimeMicros, qty, sourceFile, sourceLine);
    if (size * 2 > table.length) rehash();
    else index(itemId, s);
    return s;
  }

  private void set(int s, int itemId, int employeeId, long dateTimeMicros, int qty, String sourceFile,
      long sourceLine) {
    item[s] = itemId;
    employee[s] = employeeId;
    micros[s] = dateTimeMicros;
    quantity[s] = qty;
    file[s] = sourceFile;
    line[s] = sourceLine;
  }

  private void index(int itemId, int s) {
    int mask = table.length - 1;
    int h = hash(itemId) & mask;
    while (table[h] != 0) h = (h + 1) & mask;
    table[h] = ((long) itemId << 32) | (s + 1);
  }

  private void rehash() {
    table = new long[table.length * 2];
    for (int s = 0; s < size; s++) index(item[s], s);
  }

  private void grow() {
    int n = item.length * 2;
    item = Arrays.copyOf(item, n);
    employee = Arrays.copyOf(employee, n);
    micros = Arrays.copyOf(micros, n);
    quantity = Arrays.copyOf(quantity, n);
    file = Arrays.copyOf(file, n);
    line = Arrays.copyOf(line, n);
    changed = Arrays.copyOf(changed, n);
  }

  /** Consecutive ids stay consecutive; the high half folded in spreads ids that differ only there. */
  private static int hash(int x) {
    return x ^ (x >>> 16);
  }
}
