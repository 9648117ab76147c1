package dev.poslake.activities.etl.gold;

import java.util.List;

/**
 * Outcome of {@link GoldVerifier}.
 *
 * @param pairsCompared      gold rows and recomputed rows compared (union of both key sets)
 * @param goldMismatches     pairs where gold differs from the full recomputation, including missing and extra
 * @param truthPairsCompared pairs compared with the generator's true stock (0 without generator state)
 * @param truthMismatches    pairs whose current_inventory differs from the true stock, or simulated pairs
 *                           missing from gold
 * @param examples           the first mismatches, human-readable with expected/actual
 * @param ok                 no mismatch of either kind
 * @param pairsMissing       recomputed pairs absent from gold
 * @param pairsExtra         gold pairs the recomputation does not produce
 * @param truthClock         the generator's simulated time the truth refers to (ISO-8601), "" without state
 */
public record VerifyReport(long pairsCompared, long goldMismatches, long truthPairsCompared, long truthMismatches,
    List<String> examples, boolean ok, long pairsMissing, long pairsExtra, String truthClock) {
  public VerifyReport {
    examples = List.copyOf(examples);
  }
}
