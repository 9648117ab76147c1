package dev.poslake.activities.etl.domain;

import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;

/**
 * Mutable fold of one (store, item)'s changes against its latest snapshot, for a gold merge that streams changes
 * grouped by key. Not thread-safe; {@link #merge} combines accumulators filled in parallel. The result does not
 * depend on the order the changes arrive in.
 */
public final class GoldAccumulator {
  /** What {@link #accept} did with a change. */
  public enum Outcome {
    COUNTED, BEFORE_SNAPSHOT, ONLINE_BOPIS
  }

  private final int storeId;
  private final int itemId;
  // S and max(S, relevant change times) as seconds and nanos, not Instants: a store merge holds one accumulator per
  // pair and visits them in silver's (arrival) order, so each Instant was one more cache miss per row (a third of a
  // full gold load's samples were its isBefore)
  private final long snapshotSeconds;
  private final int snapshotNanos;
  private final int snapshotQuantity;
  private long changeQuantity;
  private long latestSeconds;
  private int latestNanos;
  private long counted;
  private long beforeSnapshot;
  private long onlineBopis;

  private GoldAccumulator(int storeId, int itemId, Instant snapshotTime, int snapshotQuantity,
      long changeQuantity, Instant latest) {
    this.storeId = storeId;
    this.itemId = itemId;
    Objects.requireNonNull(snapshotTime, "snapshotTime");
    this.snapshotSeconds = snapshotTime.getEpochSecond();
    this.snapshotNanos = snapshotTime.getNano();
    this.snapshotQuantity = snapshotQuantity;
    this.changeQuantity = changeQuantity;
    this.latestSeconds = latest.getEpochSecond();
    this.latestNanos = latest.getNano();
  }

  /** A fresh fold: the pair's latest snapshot, no change yet. */
  public static GoldAccumulator start(int storeId, int itemId, Instant snapshotTime, int snapshotQuantity) {
    return new GoldAccumulator(storeId, itemId, snapshotTime, snapshotQuantity, 0, snapshotTime);
  }

  public static GoldAccumulator start(SnapshotRow snapshot) {
    return start(snapshot.storeId(), snapshot.itemId(), snapshot.dateTime(), snapshot.quantity());
  }

  /**
   * Continues from a gold row computed from the same snapshot (S, Q). The counters start at 0 (they count what
   * this accumulator saw).
   *
   * @throws IllegalArgumentException if the row's quantity differs from Q or its date_time is before S
   */
  public static GoldAccumulator resume(GoldRow previous, Instant snapshotTime, int snapshotQuantity) {
    if (!GoldRule.isConsistent(previous, snapshotTime, snapshotQuantity)) {
      throw new IllegalArgumentException("gold row " + previous + " was not computed from snapshot ("
          + snapshotTime + ", " + snapshotQuantity + "): recompute the pair");
    }
    return new GoldAccumulator(previous.storeId(), previous.itemId(), snapshotTime, snapshotQuantity,
        previous.changeQuantity(), previous.dateTime());
  }

  /**
   * Folds one change of this pair.
   *
   * @throws IllegalArgumentException if the change belongs to another (store, item): a grouping bug upstream
   */
  public Outcome accept(ChangeRow change) {
    if (change.storeId() != storeId || change.itemId() != itemId) {
      throw new IllegalArgumentException("change " + change + " is not for store " + storeId + ", item " + itemId);
    }
    if (GoldRule.isOnlineBopis(change)) {
      onlineBopis++;
      return Outcome.ONLINE_BOPIS;
    }
    Instant t = change.dateTime();
    long seconds = t.getEpochSecond();
    int nanos = t.getNano();
    if (compare(seconds, nanos, snapshotSeconds, snapshotNanos) < 0) {
      beforeSnapshot++;
      return Outcome.BEFORE_SNAPSHOT;
    }
    changeQuantity += change.quantity();
    raiseLatest(seconds, nanos);
    counted++;
    return Outcome.COUNTED;
  }

  public GoldAccumulator acceptAll(Iterator<ChangeRow> changes) {
    while (changes.hasNext()) {
      accept(changes.next());
    }
    return this;
  }

  public GoldAccumulator acceptAll(Iterable<ChangeRow> changes) {
    return acceptAll(changes.iterator());
  }

  /**
   * Adds what {@code other} folded. Both must be for the same pair and snapshot, and at most one of them may have
   * been {@link #resume resumed} from a gold row (else the previous row would count twice).
   */
  public GoldAccumulator merge(GoldAccumulator other) {
    if (other.storeId != storeId || other.itemId != itemId || other.snapshotSeconds != snapshotSeconds
        || other.snapshotNanos != snapshotNanos || other.snapshotQuantity != snapshotQuantity) {
      throw new IllegalArgumentException("cannot merge accumulators of different pairs or snapshots");
    }
    changeQuantity += other.changeQuantity;
    raiseLatest(other.latestSeconds, other.latestNanos);
    counted += other.counted;
    beforeSnapshot += other.beforeSnapshot;
    onlineBopis += other.onlineBopis;
    return this;
  }

  private void raiseLatest(long seconds, int nanos) {
    if (compare(seconds, nanos, latestSeconds, latestNanos) > 0) {
      latestSeconds = seconds;
      latestNanos = nanos;
    }
  }

  /** Instant's order on (seconds, nanos). */
  private static int compare(long seconds, int nanos, long otherSeconds, int otherNanos) {
    int c = Long.compare(seconds, otherSeconds);
    return c != 0 ? c : Integer.compare(nanos, otherNanos);
  }

  public GoldRow result() {
    return new GoldRow(storeId, itemId, snapshotQuantity, changeQuantity, snapshotQuantity + changeQuantity,
        Instant.ofEpochSecond(latestSeconds, latestNanos));
  }

  public int storeId() {
    return storeId;
  }

  public int itemId() {
    return itemId;
  }

  public Instant snapshotTime() {
    return Instant.ofEpochSecond(snapshotSeconds, snapshotNanos);
  }

  /** Changes added to the sum by this accumulator. */
  public long countedChanges() {
    return counted;
  }

  /** Changes ignored because their date_time is before the snapshot (e.g. late data after a recount). */
  public long ignoredBeforeSnapshot() {
    return beforeSnapshot;
  }

  /** Changes ignored because they are the online store's copy of a BOPIS order. */
  public long ignoredOnlineBopis() {
    return onlineBopis;
  }
}
