package dev.poslake.activities.etl.reprocess;

import static dev.poslake.activities.etl.reprocess.ReprocessRejectsTest.addItem;
import static dev.poslake.activities.etl.reprocess.ReprocessRejectsTest.assertGoldVerifies;
import static dev.poslake.activities.etl.reprocess.ReprocessRejectsTest.changes;
import static dev.poslake.activities.etl.reprocess.ReprocessRejectsTest.id;
import static dev.poslake.activities.etl.reprocess.ReprocessRejectsTest.rejects;
import static dev.poslake.activities.etl.reprocess.ReprocessRejectsTest.silverAndGold;
import static dev.poslake.activities.etl.support.EtlFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.gold.GoldMerge;
import dev.poslake.activities.etl.silver.SilverGroupResult;
import dev.poslake.activities.etl.silver.SilverPlan;
import dev.poslake.activities.etl.silver.SilverProcessor;
import dev.poslake.activities.etl.silver.SilverStateMovedException;
import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A reprocess and an ETL silver batch committing at the same time: one of them finds silver moved and goes again on
 * the new state, and no row is held twice (the batch brings a re-delivery of the reprocessed message).
 */
@ExtendWith(PosStackExtension.class)
class ReprocessConcurrencyTest {
  static final String T = ReprocessRejectsTest.T;

  @Test
  void reprocessCommitsFirstTheEtlBatchPlannedBeforeFailsAndItsNextPlanDeduplicates(PosConfig config)
      throws Exception {
    int item = ReprocessRejectsTest.nextItem();
    try (EtlFixture f = EtlFixture.create(config, true)) {
      String late = id();
      String lateMsg = message(late, 1, 1, T, new int[][] {{item, -1}}, null, null);
      f.send(0, late, lateMsg);
      f.bronze();
      silverAndGold(f);
      addItem(f, item);
      String fresh = id();
      f.send(1, late, lateMsg); // re-delivered, valid now
      f.send(1, fresh, message(fresh, 1, 1, T, new int[][] {{100001, -2}}, null, null));
      f.bronze();

      SilverProcessor etl = new SilverProcessor(f.resources);
      SilverPlan plan = etl.plan(0, 8);
      List<SilverGroupResult> groups = new ArrayList<>();
      for (SilverPlan.ParseGroup g : plan.groups()) groups.add(etl.parse(plan, g.index(), ProgressReporter.none()));
      ReprocessResult r = new RejectReprocessor(f.resources).run(ReprocessRequest.all(), id(),
          ProgressReporter.none());
      assertEquals(1, r.rowsAdded());
      assertThrows(SilverStateMovedException.class, () -> etl.commit(plan, groups, ProgressReporter.none()));

      silverAndGold(f); // the next run plans on the new state
      assertEquals(Map.of(late + "/1/0/0", -1, fresh + "/1/0/0", -2), changes(f));
      assertEquals(Map.of("unknown_item", "0 unmarked, 1 marked"), rejects(f));
      assertGoldVerifies(f);
    }
  }

  @Test
  void etlCommitsBetweenTheAnalysisAndTheCommitTheReprocessAnalysesAgain(PosConfig config) throws Exception {
    int item = ReprocessRejectsTest.nextItem();
    try (EtlFixture f = EtlFixture.create(config, true)) {
      String late = id();
      String lateMsg = message(late, 1, 1, T, new int[][] {{item, -1}}, null, null);
      f.send(0, late, lateMsg);
      f.bronze();
      silverAndGold(f);
      addItem(f, item);
      f.send(1, late, lateMsg); // re-delivered: the ETL adds it (valid now) while the reprocess is at its commit
      f.bronze();
      AtomicBoolean etlRan = new AtomicBoolean();
      RejectReprocessor reprocessor = new RejectReprocessor(f.resources, new ReprocessHook() {
        @Override
        public void beforeSilverCommit() {
          if (etlRan.compareAndSet(false, true)) new SilverProcessor(f.resources).process(0, ProgressReporter.none());
        }
      });
      ReprocessResult r = reprocessor.run(ReprocessRequest.all(), id(), ProgressReporter.none());
      assertEquals(0, r.rowsAdded());
      assertEquals(1, r.duplicates());
      assertEquals(1, r.rejectsMarked());
      assertEquals(Map.of(late + "/1/0/0", -1), changes(f));
      assertEquals(Map.of("unknown_item", "0 unmarked, 1 marked"), rejects(f));
      new GoldMerge(f.resources, w -> {}).run();
      assertGoldVerifies(f);
    }
  }
}
