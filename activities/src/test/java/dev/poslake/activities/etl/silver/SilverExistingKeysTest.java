package dev.poslake.activities.etl.silver;

import static dev.poslake.activities.etl.support.EtlFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The look-up of a batch's keys among silver's existing rows reads what silver holds of the batch's stores and
 * minutes, not of the whole day: a later batch of the same day and stores scans no rows of the earlier one, and a
 * late re-delivery still finds its original (and reads only its minutes).
 */
@ExtendWith(PosStackExtension.class)
class SilverExistingKeysTest {
  static final int EARLIER = 40;

  @Test
  void aLaterBatchOfTheSameDayReadsOnlyItsOwnMinutes(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      String first = UUID.randomUUID().toString();
      String original = message(first, 1, 2, "2026-11-25T10:15:07.000Z", new int[][] {{100005, -1}}, null, null);
      f.send(0, first, original);
      for (int i = 1; i < EARLIER; i++) {
        String id = UUID.randomUUID().toString();
        f.send(i % 8, id, message(id, 1, 2, "2026-11-25T10:0" + (i % 10) + ":00.000Z",
            new int[][] {{100001 + i, -1}}, null, null));
      }
      f.bronze();
      assertEquals(EARLIER, SilverProcessorTest.silver(f).changeRows());

      // the same day and stores, 25 minutes later
      String later = UUID.randomUUID().toString();
      f.send(3, later, message(later, 1, 2, "2026-11-25T10:40:30.000Z", new int[][] {{100005, -2}}, null, null));
      f.bronze();
      Decided next = decideAndCommit(f);
      assertEquals(0, next.duplicates.silverRowsScanned, "the earlier batch's minutes are not read");
      assertEquals(0, next.duplicates.alreadyInSilver);
      assertEquals(1, next.result.changeRows());

      // a late re-delivery of the first message, beside a new one of the next minute
      String fresh = UUID.randomUUID().toString();
      f.send(5, first, original);
      f.send(6, fresh, message(fresh, 1, 2, "2026-11-25T10:41:00.000Z", new int[][] {{100006, -1}}, null, null));
      f.bronze();
      Decided late = decideAndCommit(f);
      assertEquals(1, late.duplicates.alreadyInSilver, "the re-delivery finds its original");
      assertEquals(1, late.duplicates.silverRowsScanned, "only the original is in 10:15 (none in 10:41)");
      assertEquals(1, late.result.duplicatesDropped());
      assertEquals(1, late.result.changeRows());
      assertEquals(EARLIER + 2, f.rows(InventoryChangeTable.NAME).size());
    }
  }

  private record Decided(BatchDuplicates duplicates, SilverResult result) {}

  /** Plans and parses the next batch, decides its duplicates the way the commit does, then commits it. */
  private static Decided decideAndCommit(EtlFixture f) {
    SilverProcessor p = new SilverProcessor(f.resources);
    SilverPlan plan = p.plan(0, 8);
    List<SilverGroupResult> groups = SilverProcessorTest.parseAll(p, plan);
    BatchDuplicates d = BatchDuplicates.decide(f.table(InventoryChangeTable.NAME), plan, groups,
        ProgressReporter.none());
    return new Decided(d, p.commit(plan, groups, ProgressReporter.none()));
  }
}
