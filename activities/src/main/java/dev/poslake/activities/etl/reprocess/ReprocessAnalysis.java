package dev.poslake.activities.etl.reprocess;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.domain.ParseResult;
import dev.poslake.activities.etl.domain.ParsedTransaction;
import dev.poslake.activities.etl.domain.PosMessageParser;
import dev.poslake.activities.etl.domain.Rejection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;

/**
 * Re-validates the selected reject rows with silver's parser on today's reference data and decides, by silver's
 * de-duplication key (trans_id, store_id, part), which passing records become inventory_change rows: one per key,
 * the occurrence at the lowest (Kafka partition, offset) as silver keeps, and none whose key inventory_change holds
 * already ({@link SilverKeysPresent}). Reads only; deterministic for the same tables and reference data.
 */
final class ReprocessAnalysis {
  /** A passing record that will be written. */
  record Kept(RejectId id, ParsedTransaction tx) {}

  final Map<String, ReasonCounts> byReason = new TreeMap<>();
  final Map<String, Long> stillRejectedAs = new TreeMap<>();
  /** Every passing record (kept or duplicate): the reject rows to mark once the kept ones are in silver. */
  final List<RejectId> passing = new ArrayList<>();
  private final Map<String, Kept> keptByKey = new HashMap<>();
  long duplicatesInSelection;
  long alreadyInSilver;

  private ReprocessAnalysis() {}

  /**
   * @param rejectedAsOf the rejected_inventory_change snapshot to read (null: none)
   * @param changeAsOf the inventory_change snapshot to de-duplicate against (null: silver is empty)
   */
  static ReprocessAnalysis run(Table rejected, Long rejectedAsOf, Table change, Long changeAsOf,
      PosMessageParser parser, ReprocessRequest request, ProgressReporter progress) {
    ReprocessAnalysis a = new ReprocessAnalysis();
    long[] seen = {0};
    RejectSelection.forEach(rejected, rejectedAsOf, request, (id, reason, raw) -> {
      if ((++seen[0] & 0xFFF) == 0) progress.progress(() -> "reprocess: " + seen[0] + " rejects re-validated");
      a.accept(id, reason, parser.parse(raw));
    });
    if (changeAsOf != null && !a.keptByKey.isEmpty()) {
      a.alreadyInSilver = SilverKeysPresent.removeFrom(change, changeAsOf, a.keptByKey, progress);
    }
    return a;
  }

  private void accept(RejectId id, String reason, ParseResult parsed) {
    boolean passes = parsed instanceof ParsedTransaction;
    byReason.merge(reason, new ReasonCounts(0, 0).plus(passes), (x, y) -> x.plus(passes));
    if (!passes) {
      stillRejectedAs.merge(((Rejection) parsed).code(), 1L, Long::sum);
      return;
    }
    ParsedTransaction tx = (ParsedTransaction) parsed;
    passing.add(id);
    Kept k = new Kept(id, tx);
    Kept before = keptByKey.putIfAbsent(key(tx), k);
    if (before != null) {
      duplicatesInSelection++;
      if (id.compareTo(before.id()) < 0) keptByKey.put(key(tx), k);
    }
  }

  /** Silver's de-duplication key over canonical strings (whatever form of trans_id the parser accepts). */
  static String key(String transId, int storeId, int part) {
    return transId + '\u0000' + storeId + '\u0000' + part;
  }

  private static String key(ParsedTransaction tx) {
    return key(tx.transId(), tx.storeId(), tx.part());
  }

  /** The records to write, grouped by day and store (silver's partitions), then by position. */
  List<Kept> kept() {
    List<Kept> out = new ArrayList<>(keptByKey.values());
    out.sort(Comparator.<Kept>comparingLong(k -> Math.floorDiv(k.tx().dateTime().getEpochSecond(), 86_400L))
        .thenComparingInt(k -> k.tx().storeId()).thenComparing(Kept::id));
    return out;
  }

  long duplicates() {
    return duplicatesInSelection + alreadyInSilver;
  }

  ReprocessResult result(String reprocessId, boolean dryRun, long rows, long marked) {
    return new ReprocessResult(reprocessId, dryRun, byReason, stillRejectedAs, keptByKey.size(), rows, duplicates(),
        marked);
  }
}
