package dev.poslake.ops.pipeline;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.rebuild.RebuildStatus;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import dev.poslake.catalog.tables.RejectedSnapshotRowTable;
import dev.poslake.ops.pipeline.PipelineHealth.Facts;
import dev.poslake.ops.pipeline.PipelineHealth.Verdict;
import dev.poslake.ops.pipeline.PipelineView.Edge;
import dev.poslake.ops.runs.RunRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Puts the pipeline picture's data together: table stats, lag, freshness, the newest ETL run, the rebuild. */
public final class PipelineState {
  /**
   * A node: which table it shows, the ETL step that writes it, and its quarantine table if it has one
   * ({@code quarantine}: the node is itself one).
   */
  record Spec(String id, String label, String table, String step, String rejectsTable, boolean quarantine) {}

  static final String KAFKA = "kafka";
  static final List<Spec> SPECS = List.of(
      new Spec(KAFKA, "Kafka topic", null, null, null, false),
      new Spec("bronze", "bronze", RawInventoryChangeTable.NAME, "bronze", null, false),
      new Spec("silver", "silver", InventoryChangeTable.NAME, "silver", RejectedInventoryChangeTable.NAME, false),
      new Spec("silver_rejects", "quarantine", RejectedInventoryChangeTable.NAME, "silver",
          RejectedInventoryChangeTable.NAME, true),
      new Spec("gold", "gold", CurrentInventoryTable.NAME, "gold", null, false),
      new Spec("recount_files", "recount files", IngestedSnapshotFileTable.NAME, "snapshots", null, false),
      new Spec("snapshots", "snapshots", InventorySnapshotTable.NAME, "snapshots", RejectedSnapshotRowTable.NAME,
          false),
      new Spec("snapshot_rejects", "quarantine", RejectedSnapshotRowTable.NAME, "snapshots",
          RejectedSnapshotRowTable.NAME, true),
      new Spec("latest", "latest", LatestInventorySnapshotTable.NAME, "snapshots", null, false));
  static final List<Edge> EDGES = List.of(new Edge(KAFKA, "bronze", false), new Edge("bronze", "silver", false),
      new Edge("silver", "gold", false), new Edge("silver", "silver_rejects", true),
      new Edge("recount_files", "snapshots", false), new Edge("snapshots", "snapshot_rejects", true),
      new Edge("snapshots", "latest", false), new Edge("latest", "gold", false));
  /** Steps that write a node: a run that failed in any other step failed before (or after) all of them. */
  private static final Set<String> TABLE_STEPS = Set.of("bronze", "silver", "snapshots", "gold");

  private PipelineState() {}

  /** Reads each table's current snapshot (summaries only) and puts the picture together. */
  public static PipelineView gather(PipelineResources res, Long kafkaLag, Long goldFreshnessMillis,
      List<RunRow> newestEtlRun, RebuildStatus rebuild) {
    Map<String, TableStats> stats = new HashMap<>();
    for (Spec s : SPECS) {
      if (s.table() == null) continue;
      stats.put(s.table(), TableStats.of(res.catalog().loadTable(res.table(s.table()))));
    }
    return assemble(res.topic(), stats, kafkaLag, goldFreshnessMillis, newestEtlRun, rebuild,
        System.currentTimeMillis());
  }

  /**
   * @param stats table name -> stats (a missing table counts as never committed)
   * @param newestEtlRun the rows of the newest finished ETL run (steps and run row), empty if none
   */
  public static PipelineView assemble(String topic, Map<String, TableStats> stats, Long kafkaLag, Long goldFreshnessMillis,
      List<RunRow> newestEtlRun, RebuildStatus rebuild, long now) {
    RunRow run = newestEtlRun.stream().filter(RunRow::isRun).findFirst().orElse(null);
    boolean failed = run != null && "failed".equals(run.status());
    Map<String, String> failedSteps = new HashMap<>();
    Map<String, Long> rejectsByStep = new HashMap<>();
    for (RunRow r : newestEtlRun) {
      if (r.isRun()) continue;
      if ("failed".equals(r.status()) && TABLE_STEPS.contains(r.step())) failedSteps.put(r.step(), error(r));
      Map<String, Long> rejects = r.rejectsByReason();
      if (rejects != null) rejectsByStep.put(r.step(), rejects.values().stream().mapToLong(Long::longValue).sum());
    }
    boolean failedOutsideTables = failed && failedSteps.isEmpty();
    boolean rebuilding = rebuild != null && rebuild.inProgress();
    List<PipelineNode> nodes = new ArrayList<>();
    for (Spec s : SPECS) {
      TableStats t = s.table() == null ? TableStats.NONE : stats.getOrDefault(s.table(), TableStats.NONE);
      Long lag = KAFKA.equals(s.id()) || "bronze".equals(s.id()) ? kafkaLag : null;
      Long freshness = "gold".equals(s.id()) ? goldFreshnessMillis : null;
      TableStats quarantine = s.rejectsTable() == null ? null : stats.getOrDefault(s.rejectsTable(), TableStats.NONE);
      Long rejectsLastRun = s.rejectsTable() == null || run == null ? null : rejectsByStep.getOrDefault(s.step(), 0L);
      String failedError = s.step() == null ? null
          : failedSteps.containsKey(s.step()) ? failedSteps.get(s.step())
          : failedOutsideTables ? error(run) : null;
      boolean committed = KAFKA.equals(s.id()) ? kafkaLag != null : t.lastCommitMillis() != null;
      Verdict v = PipelineHealth.of(new Facts(committed, failedError, lag, freshness,
          s.quarantine() ? rejectsLastRun : null));
      nodes.add(new PipelineNode(s.id(), s.label(), s.table() == null ? topic : s.table(), s.step(), t.rows(),
          t.lastCommitMillis(), lag, freshness, quarantine == null ? null : quarantine.rows(), rejectsLastRun,
          v.health().css(), v.reason(), rebuilding && s.table() != null && rebuild.tables().contains(s.table())));
    }
    return new PipelineView(now, nodes, EDGES, rebuild);
  }

  private static String error(RunRow r) {
    String e = r.error() == null || r.error().isBlank() ? "in " + (r.step() == null ? "the run" : r.step()) : r.error();
    return e.length() > 200 ? e.substring(0, 200) + "…" : e;
  }
}
