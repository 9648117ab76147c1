package dev.poslake.worker.etl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.gold.GoldVerifier;
import dev.poslake.activities.etl.gold.VerifyReport;
import dev.poslake.activities.etl.reprocess.ReasonCounts;
import dev.poslake.activities.etl.reprocess.ReprocessRequest;
import dev.poslake.activities.etl.reprocess.ReprocessResult;
import dev.poslake.activities.reference.ReferenceFiles;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.worker.CliRunner;
import dev.poslake.worker.PipelineWorker;
import dev.poslake.workflows.reprocess.ReprocessRejectsWorkflow;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * `pos reprocess-rejects` as the CLI runs it: ReprocessRejectsWorkflow on a worker that {@link PipelineWorker}
 * registers, between ETL runs, on a lane with its own bucket (so its own item.txt).
 */
@ExtendWith(PosStackExtension.class)
class ReprocessRejectsWorkflowTest {
  static final int ITEMS = 1000; // item.txt holds 100001..101000
  static final int FIXED_LATER = 150_000;

  @Test
  void rejectsOfAnItemAddedLaterReachGoldOnce(PosConfig config) throws Exception {
    try (Lane lane = Lane.open(config, "reprocess", ITEMS, 0, Map.of(), PipelineWorker::register)) {
      String ok = UUID.randomUUID().toString();
      String late = UUID.randomUUID().toString();
      lane.publish(ok, msg(ok, 100001, -1));
      lane.publish(late, msg(late, FIXED_LATER, -2));
      lane.publish("bad", "{not json");
      lane.etl();
      assertEquals(1, lane.count(InventoryChangeTable.NAME));
      assertEquals(2, lane.count(RejectedInventoryChangeTable.NAME));

      String[] lines = new String(ReferenceFiles.bundledBytes(ReferenceFiles.ITEM_FILE), StandardCharsets.UTF_8)
          .split("\r?\n");
      lane.putObject(ReferenceTables.Source.ITEM.key(), String.join("\n", Arrays.copyOf(lines, ITEMS + 1))
          + "\n" + FIXED_LATER + ",item_fixed,1,10\n");

      ReprocessResult dry = lane.workflow(ReprocessRejectsWorkflow.class, "reprocess")
          .run(ReprocessRequest.all().asDryRun());
      assertEquals(Map.of("malformed_json", new ReasonCounts(0, 1), "unknown_item", new ReasonCounts(1, 0)),
          dry.byReason());
      assertEquals(1, lane.count(InventoryChangeTable.NAME));

      ReprocessResult r = lane.workflow(ReprocessRejectsWorkflow.class, "reprocess")
          .run(new ReprocessRequest("unknown_item", null, false));
      assertEquals(Map.of("unknown_item", new ReasonCounts(1, 0)), r.byReason());
      assertEquals(1, r.rowsAdded());
      assertEquals(1, r.rejectsMarked());
      assertEquals(2, lane.count(InventoryChangeTable.NAME));

      lane.etl(); // the next gold merge counts the row
      VerifyReport report = new GoldVerifier(lane.resources, m -> {}).verify();
      assertTrue(report.ok(), report.toString());

      ReprocessResult again = lane.workflow(ReprocessRejectsWorkflow.class, "reprocess").run(ReprocessRequest.all());
      assertEquals(0, again.passed());
      assertEquals(2, lane.count(InventoryChangeTable.NAME));
    }
  }

  @Test
  void badUsageExitsTwoWithoutStartingAnything() {
    for (String[] args : List.of(new String[] {"reprocess-rejects", "--reason", "no_such_reason"},
        new String[] {"reprocess-rejects", "--since", "yesterday"})) {
      CliRunner.Result r = CliRunner.run(args);
      assertEquals(2, r.code(), r.toString());
      assertTrue(r.err().contains(args[1]), r.toString());
    }
    CliRunner.Result help = CliRunner.run("reprocess-rejects", "--help");
    assertEquals(0, help.code(), help.toString());
    assertTrue(help.out().contains("--dry-run"), help.toString());
  }

  private static String msg(String transId, int item, int quantity) {
    return "{\"date_time\":\"2026-11-25T10:15:00Z\",\"trans_id\":\"" + transId + "\",\"store_id\":1,"
        + "\"change_type_id\":1,\"items\":[{\"item_id\":" + item + ",\"quantity\":" + quantity + "}]}";
  }
}
