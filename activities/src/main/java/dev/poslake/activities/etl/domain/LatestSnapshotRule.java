package dev.poslake.activities.etl.domain;

import java.util.Comparator;
import java.util.Map;

/**
 * Which snapshot row is the latest for a (store, item): the greatest date_time; on equal date_time, the greater
 * source file name (compared as Java strings, i.e. by UTF-16 code units), then the greater line number, then the
 * greater quantity and employee id. This is a total order on the row's content, so "keep the greatest" is
 * commutative and associative: the result never depends on the order files are ingested, retried or replayed.
 *
 * <p>For the upsert to stay deterministic, {@code latest_inventory_snapshot} must keep the source file and line
 * (the tie-breakers) next to date_time and quantity.
 */
public final class LatestSnapshotRule {
  private LatestSnapshotRule() {}

  /** Ascending precedence: the maximum is the latest. */
  public static final Comparator<SnapshotRow> PRECEDENCE = Comparator.comparing(SnapshotRow::dateTime)
      .thenComparing(SnapshotRow::sourceFile)
      .thenComparingLong(SnapshotRow::lineNumber)
      .thenComparingInt(SnapshotRow::quantity)
      .thenComparingInt(SnapshotRow::employeeId);

  /**
   * {@link #PRECEDENCE} on rows as the tables store them (date_time in epoch microseconds), for loops over columns
   * that build no {@link SnapshotRow}: negative, zero or positive as row a precedes, equals or follows row b.
   */
  public static int compare(long microsA, String fileA, long lineA, int quantityA, int employeeA,
      long microsB, String fileB, long lineB, int quantityB, int employeeB) {
    int c = Long.compare(microsA, microsB);
    if (c != 0) return c;
    c = fileA.compareTo(fileB);
    if (c != 0) return c;
    c = Long.compare(lineA, lineB);
    if (c != 0) return c;
    c = Integer.compare(quantityA, quantityB);
    return c != 0 ? c : Integer.compare(employeeA, employeeB);
  }

  /**
   * True if {@code candidate} should replace {@code existing} (null = no row yet). An identical row (a replay)
   * does not replace: the upsert is then a no-op and the pair need not be recomputed in gold.
   *
   * @throws IllegalArgumentException if the two rows are for different (store, item) pairs
   */
  public static boolean supersedes(SnapshotRow candidate, SnapshotRow existing) {
    if (existing == null) {
      return true;
    }
    if (candidate.storeId() != existing.storeId() || candidate.itemId() != existing.itemId()) {
      throw new IllegalArgumentException("different pairs: " + candidate + " vs " + existing);
    }
    return PRECEDENCE.compare(candidate, existing) > 0;
  }

  /** The latest of the two (either may be null, not both). */
  public static SnapshotRow latest(SnapshotRow existing, SnapshotRow candidate) {
    if (candidate == null) {
      return existing;
    }
    return supersedes(candidate, existing) ? candidate : existing;
  }

  /**
   * Folds a candidate into an in-memory latest map keyed by {@link PairKey}; returns true if the map changed (the
   * pair's gold row must then be recomputed).
   */
  public static boolean offer(Map<Long, SnapshotRow> latestByPair, SnapshotRow candidate) {
    long key = candidate.pairKey();
    SnapshotRow existing = latestByPair.get(key);
    if (supersedes(candidate, existing)) {
      latestByPair.put(key, candidate);
      return true;
    }
    return false;
  }
}
