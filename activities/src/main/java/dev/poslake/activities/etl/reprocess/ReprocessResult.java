package dev.poslake.activities.etl.reprocess;

import java.util.Map;

/**
 * What a reprocess found and did.
 *
 * @param reprocessId null for a dry run
 * @param byReason per original reason: pass now / still rejected
 * @param stillRejectedAs the records that still fail, by the reason they fail with today
 * @param parts transaction parts added to inventory_change
 * @param rowsAdded inventory_change rows added (one per item line)
 * @param duplicates passing records not added because silver (or another passing record) holds their key already
 * @param rejectsMarked reject rows marked reprocessed (every passing record: added or duplicate)
 */
public record ReprocessResult(String reprocessId, boolean dryRun, Map<String, ReasonCounts> byReason,
    Map<String, Long> stillRejectedAs, long parts, long rowsAdded, long duplicates, long rejectsMarked) {

  public ReprocessResult {
    byReason = Map.copyOf(byReason);
    stillRejectedAs = Map.copyOf(stillRejectedAs);
  }

  /** Records that pass today (added or duplicate): the reject rows to mark. */
  public long passed() {
    return byReason.values().stream().mapToLong(ReasonCounts::pass).sum();
  }

  public ReprocessResult withMarked(long marked) {
    return new ReprocessResult(reprocessId, dryRun, byReason, stillRejectedAs, parts, rowsAdded, duplicates, marked);
  }
}
