package dev.poslake.activities.etl.domain;

import dev.poslake.activities.contracts.Timestamps;
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
  // S and max(S, relevant change times) as epoch microseconds plus the nanoseconds below a microsecond (Instant's
  // order, exactly): silver's times are microseconds, so a row costs two long compares. As Instants they were one
  // more object to reach per row (a store merge visits its pairs' accumulators in silver's arrival order), and the
  // ChangeRow path allocates two objects per row: see acceptMicros.
  private final long snapshotMicros;
  private final int snapshotSubMicros;
  private final int snapshotQuantity;
  private long changeQuantity;
  private long latestMicros;
  private int latestSubMicros;
  private long counted;
  private long beforeSnapshot;
  private long onlineBopis;

  private GoldAccumulator(int storeId, int itemId, Instant snapshotTime, int snapshotQuantity,
      long changeQuantity, Instant latest) {
    this.storeId = storeId;
    this.itemId = itemId;
    Objects.requireNonNull(snapshotTime, "snapshotTime");
    this.snapshotMicros = Timestamps.micros(snapshotTime);
    this.snapshotSubMicros = snapshotTime.getNano() % 1000;
    this.snapshotQuantity = snapshotQuantity;
    this.changeQuantity = changeQuantity;
    this.latestMicros = Timestamps.micros(latest);
    this.latestSubMicros = latest.getNano() % 1000;
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
    Instant t = change.dateTime();
    return accept(change.changeTypeId(), Timestamps.micros(t), t.getNano() % 1000, change.quantity());
  }

  /**
   * Folds one change of this pair given by its columns (date_time in epoch microseconds, as silver stores it): for
   * a merge that found this accumulator by the row's pair, so it does not check the pair again.
   */
  public Outcome acceptMicros(int changeTypeId, long dateTimeMicros, int quantity) {
    return accept(changeTypeId, dateTimeMicros, 0, quantity);
  }

  private Outcome accept(int changeTypeId, long micros, int subMicros, int quantity) {
    if (GoldRule.isOnlineBopis(storeId, changeTypeId)) {
      onlineBopis++;
      return Outcome.ONLINE_BOPIS;
    }
    if (compare(micros, subMicros, snapshotMicros, snapshotSubMicros) < 0) {
      beforeSnapshot++;
      return Outcome.BEFORE_SNAPSHOT;
    }
    changeQuantity += quantity;
    raiseLatest(micros, subMicros);
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
    if (other.storeId != storeId || other.itemId != itemId || other.snapshotMicros != snapshotMicros
        || other.snapshotSubMicros != snapshotSubMicros || other.snapshotQuantity != snapshotQuantity) {
      throw new IllegalArgumentException("cannot merge accumulators of different pairs or snapshots");
    }
    changeQuantity += other.changeQuantity;
    raiseLatest(other.latestMicros, other.latestSubMicros);
    counted += other.counted;
    beforeSnapshot += other.beforeSnapshot;
    onlineBopis += other.onlineBopis;
    return this;
  }

  private void raiseLatest(long micros, int subMicros) {
    if (compare(micros, subMicros, latestMicros, latestSubMicros) > 0) {
      latestMicros = micros;
      latestSubMicros = subMicros;
    }
  }

  /** Instant's order on (micros, nanos below the micro). */
  private static int compare(long micros, int subMicros, long otherMicros, int otherSubMicros) {
    int c = Long.compare(micros, otherMicros);
    return c != 0 ? c : Integer.compare(subMicros, otherSubMicros);
  }

  private static Instant instant(long micros, int subMicros) {
    return Timestamps.instantOfMicros(micros).plusNanos(subMicros);
  }

  public GoldRow result() {
    return new GoldRow(storeId, itemId, snapshotQuantity, changeQuantity, snapshotQuantity + changeQuantity,
        instant(latestMicros, latestSubMicros));
  }

  public int storeId() {
    return storeId;
  }

  public int itemId() {
    return itemId;
  }

  public Instant snapshotTime() {
    return instant(snapshotMicros, snapshotSubMicros);
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
