package dev.poslake.activities.etl.silver;

import static dev.poslake.activities.etl.support.EtlFixture.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.domain.DedupKey;
import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
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

  @Test
  void theColumnarReadFindsWhatIcebergsReadersFind(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      List<DedupKey> all = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        String id = UUID.randomUUID().toString();
        int store = (i / 30) % 2; // stores 0 and 1 take turns every 30 transactions
        all.add(DedupKey.of(id, store, 0));
        f.send(i % 8, id, message(id, store, 2, String.format("2026-11-25T10:%02d:%02d.000Z", i % 30, i % 60),
            new int[][] {{100001 + i % 7, -1}, {100101 + i % 5, -2}}, null, null));
      }
      f.bronze();
      decideAndCommit(f);
      Table change = f.table(InventoryChangeTable.NAME);
      long asOf = change.currentSnapshot().snapshotId();
      DayStores touched = new DayStores();
      Instant day = Instant.parse("2026-11-25T00:00:00Z");
      touched.add(Timestamps.micros(day.plusSeconds(10 * 3600 + 3 * 60)), 0); // 10:03, store 0
      touched.add(Timestamps.micros(day.plusSeconds(10 * 3600 + 17 * 60 + 59)), 1); // 10:17, store 1
      KeyBloom bloom = new KeyBloom(all.size());
      all.forEach(k -> bloom.add(k.msb(), k.lsb(), KeyEntries.storePart(k.storeId(), k.part())));

      ExistingKeys.Candidates columnar = ExistingKeys.candidates(change, asOf, touched, bloom, ProgressReporter.none());
      ExistingKeys.Collector records = new ExistingKeys.Collector(bloom, ProgressReporter.none());
      try (CloseableIterable<FileScanTask> tasks = change.newScan().useSnapshot(asOf).planFiles()) {
        tasks.forEach(t -> ExistingKeys.viaRecords(change, t, touched, records));
      }
      ExistingKeys.Collector scan = new ExistingKeys.Collector(bloom, ProgressReporter.none());
      ExistingKeys.viaTableScan(change, asOf, touched, scan);

      // the minutes are the day's, the stores too: 10:03 holds i = 3, 63 of store 0 and 33, 93 of store 1, 10:17
      // holds 17, 77 of store 0 and 47, 107 of store 1
      assertEquals(8, columnar.size());
      assertEquals(16, columnar.rowsScanned(), "two lines each");
      for (ExistingKeys.Candidates other : List.of(records.candidates(), scan.candidates())) {
        assertArrayEquals(columnar.triples(), other.triples());
        assertArrayEquals(columnar.texts(), other.texts());
        assertEquals(columnar.rowsScanned(), other.rowsScanned());
      }
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
