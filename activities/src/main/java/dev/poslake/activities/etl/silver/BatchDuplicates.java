package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.ProgressReporter;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.Table;

/**
 * Which of the occurrences the parse groups kept must not be committed, decided from their key files and silver's
 * existing keys, holding per group one entry and a Bloom filter of the batch (not the batch's keys):
 * <ul>
 *   <li>across groups: a key kept by several groups (the same message on two partitions, or a re-delivery in
 *       another group's files) counts once, at its lowest position; the others lose;</li>
 *   <li>against silver: a key inventory_change already has (a late re-delivery), as of the plan's state snapshot,
 *       loses everywhere in the batch.</li>
 * </ul>
 * Deterministic for a plan and its group results, so a retried commit decides the same. Losers are rare (late
 * re-deliveries): their positions are kept, sorted.
 */
final class BatchDuplicates {
  private final long[] losers;
  final long distinctKeys;
  final long acrossGroups;
  final long alreadyInSilver;
  /** Silver rows read to find the existing keys (the stores and minutes the batch touched). */
  final long silverRowsScanned;
  /** Silver rows decoded to find them (-1: unknown). */
  final long silverRowsDecoded;
  /** Milliseconds of the three passes: the groups' keys merged, silver's keys looked up, the candidates confirmed. */
  final long mergeMillis;
  final long lookUpMillis;
  final long confirmMillis;

  private BatchDuplicates(long[] losers, long distinctKeys, long acrossGroups, long alreadyInSilver,
      long silverRowsScanned, long silverRowsDecoded, long[] nanos) {
    this.losers = losers;
    this.distinctKeys = distinctKeys;
    this.acrossGroups = acrossGroups;
    this.alreadyInSilver = alreadyInSilver;
    this.silverRowsScanned = silverRowsScanned;
    this.silverRowsDecoded = silverRowsDecoded;
    this.mergeMillis = (nanos[1] - nanos[0]) / 1_000_000;
    this.lookUpMillis = (nanos[2] - nanos[1]) / 1_000_000;
    this.confirmMillis = (nanos[3] - nanos[2]) / 1_000_000;
  }

  static BatchDuplicates decide(Table change, SilverPlan plan, List<SilverGroupResult> groups,
      ProgressReporter progress) {
    long[] nanos = new long[4];
    nanos[0] = System.nanoTime();
    List<String> keyFiles = groups.stream()
        .map(g -> SilverStaging.keyFilePath(change, plan.planId(), g.group(), g.attempt())).toList();
    KeyBloom bloom = new KeyBloom(groups.stream().mapToLong(SilverGroupResult::keys).sum());
    LongSet losers = new LongSet();
    long distinct = 0;
    long across = 0;
    DayStores touched;
    try (KeyMerge m = KeyMerge.open(change.io(), keyFiles)) {
      touched = m.touched();
      while (m.next()) {
        distinct++;
        bloom.add(m.msb, m.lsb, m.storePart);
        for (int i = 1; i < m.occurrences; i++) {
          losers.add(m.positions[i]);
          across++;
        }
        if ((distinct & 0xFFFF) == 0) {
          long d = distinct;
          progress.progress(() -> "silver commit: " + d + " keys merged");
        }
      }
    }
    nanos[1] = System.nanoTime();
    long existing = 0;
    long scanned = 0;
    long decoded = 0;
    ExistingKeys.Candidates candidates = null;
    if (plan.changeState() != null && !touched.isEmpty()) {
      candidates = ExistingKeys.candidates(change, plan.changeState(), touched, bloom, progress);
      scanned = candidates.rowsScanned();
      decoded = candidates.rowsDecoded();
    }
    nanos[2] = System.nanoTime();
    if (candidates != null && candidates.size() > 0) existing = confirm(change, keyFiles, candidates, losers);
    nanos[3] = System.nanoTime();
    return new BatchDuplicates(losers.sorted(), distinct, across, existing, scanned, decoded, nanos);
  }

  /** Merges the batch's keys with the sorted candidates: each batch key silver has loses at its kept position. */
  private static long confirm(Table change, List<String> keyFiles, ExistingKeys.Candidates existing,
      LongSet losers) {
    long[] candidates = existing.triples();
    String[] texts = existing.texts();
    int n = existing.size();
    int c = 0;
    long confirmed = 0;
    try (KeyMerge m = KeyMerge.open(change.io(), keyFiles)) {
      while (c < n && m.next()) {
        int cmp;
        while (c < n && (cmp = KeyEntries.compare(candidates[3 * c], candidates[3 * c + 1], candidates[3 * c + 2],
            texts[c], m.msb, m.lsb, m.storePart, m.text)) <= 0) {
          if (cmp == 0) {
            losers.add(m.positions[0]);
            confirmed++;
          }
          c++;
        }
      }
    }
    return confirmed;
  }

  /** Occurrences that lose in total (each was a kept part of some group). */
  long count() {
    return losers.length;
  }

  boolean loses(long position) {
    return Arrays.binarySearch(losers, position) >= 0;
  }

  /** True if a loser lies in [from, to]. */
  boolean anyWithin(long from, long to) {
    int i = Arrays.binarySearch(losers, from);
    if (i >= 0) return true;
    int insertion = -i - 1;
    return insertion < losers.length && losers[insertion] <= to;
  }
}
