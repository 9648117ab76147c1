package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.domain.GoldRow;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this JVM knows of the small gold files merge-on-read writes: the rows of a data file by position, and every
 * position a delete file deletes, by data file (a delete file of a partition of several stores applies to all their
 * files). Kept when a merge writes them, or when a look-up first decodes them;
 * least recently used first out, within a budget. Gold files are never rewritten in place (every write gets a new
 * name), so a kept entry can never be stale.
 *
 * <p>Why: a store's look-up reads every file the store carries, and each merge-on-read adds two small ones (a few
 * rows each). At 1,000 stores each such file cost every later merge of its store one more object-store request until
 * the next compaction: the second touch of a bench run took 9.1-13.3 s against 6.3-12.2 s for the first.
 */
final class SmallGoldFiles {
  /** Data files of at most this many rows are kept (a touch writes a few rows per store). */
  static final long MAX_ROWS = 4096;
  /** Budget for all entries, estimated: about 100 bytes a row or position, plus the keys. */
  private static final long BUDGET_BYTES = 32L << 20;
  private static final long ROW_BYTES = 100;
  private static final long ENTRY_BYTES = 400;
  private static final long[] NONE = new long[0];

  static final SmallGoldFiles SHARED = new SmallGoldFiles(BUDGET_BYTES);

  private final long budgetBytes;
  private final LinkedHashMap<String, Object> entries = new LinkedHashMap<>(16, 0.75f, true); // guarded by this
  private long usedBytes; // guarded by this
  private long served; // guarded by this

  SmallGoldFiles(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  /** The rows of a data file, at their positions, or null if not kept. */
  synchronized List<GoldRow> rows(String dataFile) {
    @SuppressWarnings("unchecked")
    List<GoldRow> rows = (List<GoldRow>) entries.get("r " + dataFile);
    return count(rows);
  }

  /**
   * The positions {@code deleteFile} deletes in {@code dataFile} (ascending), or null if not kept. The array is the
   * kept one: read it, never change it.
   */
  synchronized long[] deleted(String deleteFile, String dataFile) {
    @SuppressWarnings("unchecked")
    Map<String, long[]> whole = (Map<String, long[]>) entries.get("d " + deleteFile);
    return count(whole == null ? null : whole.getOrDefault(dataFile, NONE));
  }

  /**
   * Keeps the rows of a data file of at most {@link #MAX_ROWS} rows, in position order: exactly what decoding the
   * file gives (a date_time finer than the file's microseconds is not kept).
   */
  void putRows(String dataFile, List<GoldRow> rows) {
    if (rows.size() > MAX_ROWS) return;
    for (GoldRow r : rows) if (r.dateTime().getNano() % 1000 != 0) return;
    put("r " + dataFile, List.copyOf(rows), rows.size());
  }

  /**
   * Keeps every position a delete file deletes, by data file: it deletes nothing in any other data file. A shared
   * delete file (a partition of several stores) applies to all the partition's files, so each store's look-up asks
   * for its own files' positions.
   */
  void putDeletes(String deleteFile, Map<String, long[]> byDataFile) {
    int n = 0;
    for (long[] p : byDataFile.values()) n += p.length;
    if (n <= MAX_ROWS) put("d " + deleteFile, Map.copyOf(byDataFile), n);
  }

  /** Look-ups answered from memory so far. */
  synchronized long served() {
    return served;
  }

  private synchronized void put(String key, Object value, int size) {
    long bytes = ENTRY_BYTES + size * ROW_BYTES;
    if (bytes > budgetBytes || entries.containsKey(key)) return;
    entries.put(key, value);
    usedBytes += bytes;
    for (Iterator<Map.Entry<String, Object>> it = entries.entrySet().iterator(); usedBytes > budgetBytes; ) {
      Map.Entry<String, Object> e = it.next();
      int n = e.getValue() instanceof List<?> rows ? rows.size() : positions((Map<?, ?>) e.getValue());
      usedBytes -= ENTRY_BYTES + n * ROW_BYTES;
      it.remove();
    }
  }

  private static int positions(Map<?, ?> byDataFile) {
    int n = 0;
    for (Object p : byDataFile.values()) n += ((long[]) p).length;
    return n;
  }

  private <T> T count(T value) {
    if (value != null) served++;
    return value;
  }
}
