package dev.poslake.activities.etl.reprocess;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import dev.poslake.catalog.io.SnapshotProperties;

/**
 * Snapshot summary keys of a reprocess's two commits. Both carry {@value #ID}: the inventory_change append (with the
 * counts and the {@link DecisionFile}) and the rejected_inventory_change overwrite that marks the rows. A retry looks
 * for them to learn which step is done.
 */
final class ReprocessSummary {
  static final String ID = "pos.reprocess.id";
  static final String DECISIONS = "pos.reprocess.decisions";
  static final String BY_REASON = "pos.reprocess.by-reason";
  static final String STILL_AS = "pos.reprocess.still-rejected-as";
  static final String PARTS = "pos.reprocess.parts";
  static final String ROWS = "pos.reprocess.rows";
  static final String DUPLICATES = "pos.reprocess.duplicates";
  static final String MARKED = "pos.reprocess.marked";

  private ReprocessSummary() {}

  /** The table's non-replace commit of this reprocess, searched through the whole history. */
  static Optional<Snapshot> commitOf(Table table, String reprocessId) {
    Snapshot current = table.currentSnapshot();
    if (current == null) return Optional.empty();
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      if (!SnapshotProperties.isReplace(s) && reprocessId.equals(s.summary().get(ID))) return Optional.of(s);
    }
    return Optional.empty();
  }

  static Map<String, String> silverCommit(String reprocessId, String decisions, ReprocessAnalysis a, long rows) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(ID, reprocessId);
    m.put(DECISIONS, decisions);
    StringBuilder reasons = new StringBuilder();
    a.byReason.forEach((r, c) -> reasons.append(reasons.length() == 0 ? "" : ",").append(r).append('=')
        .append(c.pass()).append('/').append(c.stillRejected()));
    m.put(BY_REASON, reasons.toString());
    StringBuilder still = new StringBuilder();
    a.stillRejectedAs.forEach((r, n) -> still.append(still.length() == 0 ? "" : ",").append(r).append('=').append(n));
    m.put(STILL_AS, still.toString());
    m.put(PARTS, Long.toString(a.kept().size()));
    m.put(ROWS, Long.toString(rows));
    m.put(DUPLICATES, Long.toString(a.duplicates()));
    return m;
  }

  /** The result recorded by a silver commit (its retry reports what was committed, not a new analysis). */
  static ReprocessResult resultOf(Snapshot silverCommit) {
    Map<String, String> s = silverCommit.summary();
    Map<String, ReasonCounts> byReason = new TreeMap<>();
    for (String e : split(s.get(BY_REASON))) {
      String[] kv = e.split("=", 2);
      String[] ps = kv[1].split("/", 2);
      byReason.put(kv[0], new ReasonCounts(Long.parseLong(ps[0]), Long.parseLong(ps[1])));
    }
    Map<String, Long> still = new TreeMap<>();
    for (String e : split(s.get(STILL_AS))) {
      String[] kv = e.split("=", 2);
      still.put(kv[0], Long.parseLong(kv[1]));
    }
    return new ReprocessResult(s.get(ID), false, byReason, still, Long.parseLong(s.get(PARTS)),
        Long.parseLong(s.get(ROWS)), Long.parseLong(s.get(DUPLICATES)), 0);
  }

  private static String[] split(String list) {
    return list == null || list.isEmpty() ? new String[0] : list.split(",");
  }
}
