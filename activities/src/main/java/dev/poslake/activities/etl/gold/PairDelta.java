package dev.poslake.activities.etl.gold;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.domain.GoldRule;
import java.time.Instant;

/**
 * The new silver rows of one pair folded into a sum, a count and the min/max time, so that a merge holds one
 * small object per touched pair instead of the rows. Extending a gold row with it is exact when every counted
 * row is at or after the row's date_time (which is >= the snapshot time S, so every such row is relevant);
 * otherwise the caller recomputes the pair (see {@link #extendsExactly}).
 */
final class PairDelta {
  private long sum;
  private int counted;
  private long minMicros = Long.MAX_VALUE; // silver's times: epoch microseconds
  private long maxMicros = Long.MIN_VALUE;

  /** Folds a row of the pair's store; the online store's BOPIS copies never count (the pair is still touched). */
  void add(int storeId, int changeTypeId, long dateTimeMicros, int quantity) {
    if (GoldRule.isOnlineBopis(storeId, changeTypeId)) return;
    sum += quantity;
    counted++;
    if (dateTimeMicros < minMicros) minMicros = dateTimeMicros;
    if (dateTimeMicros > maxMicros) maxMicros = dateTimeMicros;
  }

  /** Whether every counted row is relevant to a snapshot taken at or before {@code since}. */
  boolean extendsExactly(Instant since) {
    return counted == 0 || !Timestamps.instantOfMicros(minMicros).isBefore(since);
  }

  /**
   * {@code previous} extended with these rows. Only valid when {@link #extendsExactly} holds for the pair's
   * snapshot time S, or for {@code previous.dateTime()} (which is >= S) when S is not at hand.
   */
  GoldRow extend(GoldRow previous) {
    if (counted == 0) return previous;
    Instant max = Timestamps.instantOfMicros(maxMicros);
    Instant latest = max.isAfter(previous.dateTime()) ? max : previous.dateTime();
    return new GoldRow(previous.storeId(), previous.itemId(), previous.snapshotQuantity(),
        previous.changeQuantity() + sum, previous.currentInventory() + sum, latest);
  }
}
