package dev.poslake.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.rebuild.RebuildStatus;
import dev.poslake.ops.runs.RunRow;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the picture's nodes are put together from table stats, the newest ETL run and the rebuild. */
class PipelineStateTest {
  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

  private static Map<String, TableStats> allCommitted() {
    Map<String, TableStats> m = new HashMap<>();
    for (PipelineState.Spec s : PipelineState.SPECS) {
      if (s.table() != null) m.put(s.table(), new TableStats(10L, T.toEpochMilli()));
    }
    return m;
  }

  private static RunRow row(String step, String status, String error, String rejects) {
    return new RunRow("r1", "pos-etl-1", "etl", step, T, T, T.plusSeconds(1), status, 1, error, null, null, 5L,
        rejects, null, "w", null, null);
  }

  @Test
  void aFailedStepMakesItsNodesRedAndNoOthers() {
    PipelineView v = PipelineState.assemble("topic", allCommitted(), 0L, 1_000L,
        List.of(row("bronze", "succeeded", null, null), row("silver", "failed", "schema mismatch", null),
            row(null, "failed", "silver failed", null)), null, T.toEpochMilli());
    assertEquals("failing", v.node("silver").health());
    assertEquals("last ETL run failed: schema mismatch", v.node("silver").reason());
    assertEquals("failing", v.node("silver_rejects").health(), "written by the same step");
    assertEquals("ok", v.node("bronze").health());
    assertEquals("ok", v.node("gold").health());
    assertEquals("ok", v.node("kafka").health());
    assertEquals("topic", v.node("kafka").table());
  }

  @Test
  void aRunThatFailedOutsideTheTableStepsMakesEveryEtlNodeRed() {
    PipelineView v = PipelineState.assemble("topic", allCommitted(), 0L, 1_000L,
        List.of(row("plan", "failed", "catalog down", null), row(null, "failed", "catalog down", null)), null,
        T.toEpochMilli());
    for (PipelineNode n : v.nodes()) {
      assertEquals(n.id().equals("kafka") ? "ok" : "failing", n.health(), n.toString());
    }
  }

  @Test
  void countsRejectsLagFreshnessAndEmptyTables() {
    Map<String, TableStats> stats = allCommitted();
    stats.put("rejected_inventory_change", new TableStats(7L, T.toEpochMilli()));
    stats.remove("latest_inventory_snapshot");
    PipelineView v = PipelineState.assemble("topic", stats, 42L, 9_000L,
        List.of(row("silver", "succeeded", null, "{\"bad_quantity\": 2, \"unknown_item\": 1}"),
            row("snapshots", "succeeded", null, null), row(null, "succeeded", null, null)), null, T.toEpochMilli());
    assertEquals(7L, v.node("silver").rejects());
    assertEquals(3L, v.node("silver_rejects").rejectsLastRun());
    assertEquals("stale", v.node("silver_rejects").health(), "new rejects: someone should look");
    assertEquals(0L, v.node("snapshot_rejects").rejectsLastRun());
    assertEquals("ok", v.node("snapshot_rejects").health());
    assertEquals(42L, v.node("bronze").lagRecords());
    assertEquals(9_000L, v.node("gold").freshnessMillis());
    assertNull(v.node("latest").rows());
    assertEquals("unknown", v.node("latest").health());
    assertEquals(10L, v.node("gold").rows());
  }

  @Test
  void aRebuildInProgressMarksItsTablesAFinishedOneNone() {
    RebuildStatus going = new RebuildStatus("rb1", "pos-rebuild-rb1", List.of("inventory_change",
        "current_inventory"), RebuildStatus.RECOMPUTING, true, 1L, 2L, null);
    PipelineView v = PipelineState.assemble("topic", allCommitted(), 0L, 0L, List.of(), going, T.toEpochMilli());
    assertTrue(v.node("silver").rebuilding());
    assertTrue(v.node("gold").rebuilding());
    assertFalse(v.node("bronze").rebuilding());
    assertFalse(v.node("kafka").rebuilding());
    PipelineView done = PipelineState.assemble("topic", allCommitted(), 0L, 0L, List.of(),
        going.at(RebuildStatus.PUBLISHED, 3L, null), T.toEpochMilli());
    assertTrue(done.nodes().stream().noneMatch(PipelineNode::rebuilding));
    assertEquals(RebuildStatus.PUBLISHED, done.rebuild().phase());
  }
}
