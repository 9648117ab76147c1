package dev.poslake.activities.etl.gold;

import static dev.poslake.activities.etl.EtlFixture.change;
import static dev.poslake.activities.etl.EtlFixture.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.EtlFixture;
import dev.poslake.activities.etl.domain.ChangeRow;
import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.contracts.RecountFileKey;
import dev.poslake.activities.etl.domain.SnapshotRow;
import dev.poslake.activities.etl.maintenance.Compactor;
import dev.poslake.activities.etl.maintenance.MaintenanceResult;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Gold's merge-on-read path: few changed pairs per store are written as position deletes plus new rows. */
@ExtendWith(PosStackExtension.class)
class GoldMergeOnReadTest {
  static final Instant S = GoldMergeTest.S;
  static final int ITEMS = 40; // one changed pair is 2.5% of a store: below the copy-on-write fraction

  final List<SnapshotRow> recounts = new ArrayList<>();
  final List<ChangeRow> changes = new ArrayList<>();

  void recount(EtlFixture f, int store, Instant t, Random rnd) {
    recount(f, store, t, rnd, ITEMS);
  }

  void recount(EtlFixture f, int store, Instant t, Random rnd, int items) {
    List<String> lines = new ArrayList<>();
    String key = RecountFileKey.of(store, t);
    for (int i = 0; i < items; i++) {
      int q = rnd.nextInt(50);
      lines.add(line(100001 + i, store, t, q));
      recounts.add(new SnapshotRow(key, lines.size() + 1, 100001 + i, 7, store, t, q));
    }
    f.uploadCsv(store, t, lines);
  }

  void append(EtlFixture f, List<ChangeRow> batch) {
    f.appendChanges(batch);
    changes.addAll(batch);
  }

  /** A count of the snapshot summaries after {@code from}, summed (a merge commits per bucket, or per group). */
  static long addedSince(Table table, long from, String key) {
    long n = 0;
    for (Snapshot s = table.currentSnapshot(); s != null && s.snapshotId() != from;
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      n += Long.parseLong(s.summary().getOrDefault(key, "0"));
    }
    return n;
  }

  static int deleteFilesLive(Table gold) {
    return planFiles(gold).stream().mapToInt(t -> t.deletes().size()).sum();
  }

  void assertGoldIsRecomputation(EtlFixture f, String when) {
    assertGoldIsRecomputation(f, when, ITEMS);
  }

  void assertGoldIsRecomputation(EtlFixture f, String when, int items) {
    assertGoldIsRecomputation(f, when, items, 2);
  }

  void assertGoldIsRecomputation(EtlFixture f, String when, int items, int stores) {
    assertEquals(GoldMergeTest.oracle(recounts, changes), GoldMergeTest.gold(f), when);
    VerifyReport v = new GoldVerifier(f.res, w -> {}).verify();
    assertTrue(v.ok(), when + ": " + v);
    assertEquals((long) stores * items, v.pairsCompared(), when);
  }

  @Test
  void fewChangesWriteDeletesAndStayEqualToTheFullRecomputationThroughCompaction(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      Random rnd = new Random(7);
      recount(f, 1, S, rnd);
      recount(f, 2, S, rnd);
      GoldMergeTest.ingest(f);
      GoldMergeTest.merge(f); // the first merge writes whole stores
      Table gold = f.table(CurrentInventoryTable.NAME);
      assertEquals(0, deleteFilesLive(gold));
      assertGoldIsRecomputation(f, "first merge");

      for (int round = 1; round <= 4; round++) {
        Instant t = S.plusSeconds(600L * round);
        append(f, List.of(change(1, 100002, t, GoldMergeTest.SALE, -1), // the same pair every round
            change(2, 100001 + 2 * round, t, GoldMergeTest.RESTOCK, 5),
            change(2, 100001 + 2 * round, t.minusSeconds(900), GoldMergeTest.SALE, -2))); // older than the gold row
        GoldResult r = GoldMergeTest.merge(f);
        assertEquals(2, r.rowsUpserted(), "round " + round);
        gold = f.table(CurrentInventoryTable.NAME);
        Snapshot s = gold.currentSnapshot();
        assertEquals("2", s.summary().get("added-position-delete-files"), "round " + round + ": " + s.summary());
        assertEquals("2", s.summary().get("added-records"), "only the changed rows are written");
        assertEquals(2 * round, deleteFilesLive(gold));
        assertGoldIsRecomputation(f, "round " + round);
      }

      MaintenanceResult compacted = new Compactor(f.res).compact(CurrentInventoryTable.NAME, 2, 128L << 20,
          ProgressReporter.none());
      assertEquals(2, compacted.partitionsCompacted());
      assertEquals(2L * ITEMS, compacted.rowsRewritten());
      gold = f.table(CurrentInventoryTable.NAME);
      assertEquals(0, deleteFilesLive(gold));
      assertEquals("replace", gold.currentSnapshot().operation());
      assertGoldIsRecomputation(f, "after compaction");

      append(f, List.of(change(1, 100001, S.plusSeconds(9000), GoldMergeTest.SALE, -3)));
      GoldMergeTest.merge(f);
      assertEquals(1, deleteFilesLive(f.table(CurrentInventoryTable.NAME)));
      assertGoldIsRecomputation(f, "merge after compaction");

      // a new recount of store 2 changes every pair of it: copy-on-write, which also drops store 2's deletes
      recount(f, 2, S.plusSeconds(9500), rnd);
      GoldMergeTest.ingest(f);
      GoldMergeTest.merge(f);
      assertEquals(1, deleteFilesLive(f.table(CurrentInventoryTable.NAME)), "store 1's delete remains");
      assertGoldIsRecomputation(f, "recount");
    }
  }

  /** Per store: the locations of the data files that may hold its rows (by their store_id bounds). */
  static Map<Integer, List<String>> dataFilesByStore(Table gold) {
    Map<Integer, List<String>> out = new TreeMap<>();
    for (FileScanTask t : planFiles(gold)) {
      for (int store : storesOf(gold, t)) {
        out.computeIfAbsent(store, k -> new ArrayList<>()).add(t.file().location());
      }
    }
    return out;
  }

  /** Per store: the delete files applying to its data files. */
  static Map<Integer, Set<String>> deleteFilesByStore(Table gold) {
    Map<Integer, Set<String>> out = new TreeMap<>();
    for (FileScanTask t : planFiles(gold)) {
      for (int store : storesOf(gold, t)) {
        Set<String> files = out.computeIfAbsent(store, k -> new TreeSet<>());
        t.deletes().forEach(d -> files.add(d.location()));
      }
    }
    return out;
  }

  private static List<Integer> storesOf(Table gold, FileScanTask t) {
    int[] bounds = GoldLayout.of(gold).storeBounds(t.file());
    List<Integer> stores = new ArrayList<>();
    for (int s = bounds[0]; s <= bounds[1]; s++) stores.add(s);
    return stores;
  }

  /**
   * Stores 0 and 10 share gold's table partition (bucket 60 of 64), and so do 5 and 9 (bucket 55); store 1 has its
   * own. A merge touching a few pairs of every store writes one delete file and one data file per partition, not per
   * store (the two object-store requests per touched store were most of a 1,000-store touch). Gold stays the full
   * recomputation through merges, a recount of one store of a shared partition (copy-on-write: its rows in the shared
   * files are deleted by position), and compaction.
   */
  @Test
  void storesOfOnePartitionShareItsMergeOnReadFiles(PosConfig config) throws Exception {
    List<Integer> stores = List.of(0, 10, 5, 9, 1);
    GoldLayout layout;
    try (EtlFixture f = new EtlFixture(config)) {
      ReferenceTables.of(f.res).ensureUploaded(10); // stores 0..10
      layout = GoldLayout.of(f.table(CurrentInventoryTable.NAME));
      assertEquals(layout.pathOf(0), layout.pathOf(10));
      assertEquals(layout.pathOf(5), layout.pathOf(9));
      Random rnd = new Random(13);
      for (int store : stores) recount(f, store, S, rnd);
      GoldMergeTest.ingest(f);
      GoldMergeTest.merge(f);
      assertEquals(Set.copyOf(stores), dataFilesByStore(f.table(CurrentInventoryTable.NAME)).keySet());
      assertGoldIsRecomputation(f, "first merge", ITEMS, stores.size());

      for (int round = 1; round <= 3; round++) {
        Instant t = S.plusSeconds(600L * round);
        List<ChangeRow> batch = new ArrayList<>();
        for (int store : stores) batch.add(change(store, 100001 + round, t, GoldMergeTest.SALE, -1));
        batch.add(change(10, 100001 + round, t.minusSeconds(900), GoldMergeTest.SALE, -2)); // older than the gold row
        append(f, batch);
        long before = f.table(CurrentInventoryTable.NAME).currentSnapshot().snapshotId();
        assertEquals(stores.size(), GoldMergeTest.merge(f).rowsUpserted(), "round " + round);
        Table gold = f.table(CurrentInventoryTable.NAME);
        assertEquals(3, addedSince(gold, before, "added-position-delete-files"), "a delete file per partition");
        assertEquals(3, addedSince(gold, before, "added-data-files"), "a data file per partition");
        assertEquals(5, addedSince(gold, before, "added-records"), "only the changed rows are written");
        assertGoldIsRecomputation(f, "round " + round, ITEMS, stores.size());
      }

      // a recount of store 10 rewrites it alone: its rows in the files it shares with store 0 are deleted by position
      recount(f, 10, S.plusSeconds(5000), rnd);
      GoldMergeTest.ingest(f);
      GoldMergeTest.merge(f);
      assertGoldIsRecomputation(f, "recount of a store sharing its partition", ITEMS, stores.size());

      MaintenanceResult compacted = new Compactor(f.res).compact(CurrentInventoryTable.NAME, 2, 128L << 20,
          ProgressReporter.none());
      assertEquals(3, compacted.partitionsCompacted(), compacted.toString());
      assertEquals(0, deleteFilesLive(f.table(CurrentInventoryTable.NAME)));
      assertGoldIsRecomputation(f, "after compaction", ITEMS, stores.size());

      append(f, List.of(change(0, 100010, S.plusSeconds(9000), GoldMergeTest.SALE, -3),
          change(10, 100011, S.plusSeconds(9000), GoldMergeTest.SALE, -4)));
      GoldMergeTest.merge(f);
      assertGoldIsRecomputation(f, "merge after compaction", ITEMS, stores.size());
    }
  }

  /**
   * Stores 0 and 10 share a partition. A merge-on-read of more rows than the shared files take writes store 10's own
   * delete file and data file; a recount of store 10 then removes its own delete file with its own files (nothing else
   * would). A compaction rewrites a large file with more than a tenth of its rows deleted alone, as a file of its
   * store, not into the partition's shared file. Gold stays the full recomputation throughout.
   */
  @Test
  void aStoreOfASharedPartitionKeepsItsOwnFilesThroughLargeChangesAndCompaction(PosConfig config) throws Exception {
    int items = 50_000;
    try (EtlFixture f = new EtlFixture(config)) {
      ReferenceTables.of(f.res).ensureUploaded(10); // stores 0..10
      Random rnd = new Random(19);
      recount(f, 0, S, rnd, items);
      recount(f, 10, S, rnd, items);
      GoldMergeTest.ingest(f);
      GoldMergeTest.merge(f);
      GoldLayout layout = GoldLayout.of(f.table(CurrentInventoryTable.NAME));
      assertEquals(layout.pathOf(0), layout.pathOf(10));

      largeMergeOnReadOfStore10(f, 0, S.plusSeconds(600));
      assertEquals(2, liveDeleteFiles(f), "store 10's own delete file and the partition's shared one");
      assertGoldIsRecomputation(f, "a large merge-on-read", items, 2);
      List<ChangeRow> more = new ArrayList<>(); // store 10's large file now has more than a tenth deleted
      for (int i = 0; i < 1_000; i++) more.add(change(10, 110001 + i, S.plusSeconds(1200), GoldMergeTest.SALE, -1));
      append(f, more);
      GoldMergeTest.merge(f);
      MaintenanceResult compacted = new Compactor(f.res).compact(CurrentInventoryTable.NAME, 2, 128L << 20,
          ProgressReporter.none());
      assertEquals(1, compacted.partitionsCompacted(), compacted.toString());
      Table gold = f.table(CurrentInventoryTable.NAME);
      for (FileScanTask t : planFiles(gold)) {
        if (t.file().recordCount() >= 10_000) assertNotNull(layout.storeOf(t.file()), "one store's: " + t.file());
      }
      assertTrue(planFiles(gold).stream().anyMatch(t -> Integer.valueOf(10).equals(layout.storeOf(t.file()))
          && t.file().recordCount() == items), "store 10 rewritten alone");
      assertEquals(1, liveDeleteFiles(f), "the fold's, for store 0's large file");
      assertGoldIsRecomputation(f, "after compaction", items, 2);

      largeMergeOnReadOfStore10(f, 20_000, S.plusSeconds(1800));
      assertEquals(3, liveDeleteFiles(f), "the fold's, store 10's own, the partition's shared one");
      recount(f, 10, S.plusSeconds(5000), rnd, items); // copy-on-write of store 10: its own delete file goes too
      GoldMergeTest.ingest(f);
      GoldMergeTest.merge(f);
      assertEquals(2, liveDeleteFiles(f), f.table(CurrentInventoryTable.NAME).currentSnapshot().summary().toString());
      assertGoldIsRecomputation(f, "recount of store 10", items, 2);
    }
  }

  /** 4,500 changed pairs of store 10 (9% of it: merge-on-read, too many for the shared files) and one of store 0. */
  private void largeMergeOnReadOfStore10(EtlFixture f, int fromItem, Instant t) {
    List<ChangeRow> large = new ArrayList<>();
    for (int i = 0; i < 4_500; i++) large.add(change(10, 100001 + fromItem + i, t, GoldMergeTest.SALE, -1));
    large.add(change(0, 100001 + fromItem, t, GoldMergeTest.SALE, -1));
    append(f, large);
    GoldMergeTest.merge(f);
  }

  /** Delete files in gold's current state (the snapshot summary's count: also those that apply to no live file). */
  private static long liveDeleteFiles(EtlFixture f) {
    return Long.parseLong(f.table(CurrentInventoryTable.NAME).currentSnapshot().summary().get("total-delete-files"));
  }

  /**
   * A gold table created by an older release, with a partition per store (identity), takes the same merges and
   * compactions: files per store as before, gold the full recomputation.
   */
  @Test
  void aGoldTablePartitionedByStoreKeepsItsLayout(PosConfig config) throws Exception {
    List<Integer> stores = List.of(0, 10, 1);
    try (EtlFixture f = new EtlFixture(config)) {
      ReferenceTables.of(f.res).ensureUploaded(10); // stores 0..10
      f.res.catalog().dropTable(f.res.table(CurrentInventoryTable.NAME));
      Map<String, String> props = new HashMap<>(CurrentInventoryTable.DEFINITION.properties());
      f.res.catalog().buildTable(f.res.table(CurrentInventoryTable.NAME), CurrentInventoryTable.SCHEMA)
          .withPartitionSpec(CurrentInventoryTable.STORE_SPEC).withSortOrder(CurrentInventoryTable.SORT_ORDER)
          .withProperties(props).create();
      assertTrue(GoldLayout.of(f.table(CurrentInventoryTable.NAME)).storePerPartition());
      Random rnd = new Random(17);
      for (int store : stores) recount(f, store, S, rnd);
      GoldMergeTest.ingest(f);
      GoldMergeTest.merge(f);
      for (int round = 1; round <= 2; round++) {
        Instant t = S.plusSeconds(600L * round);
        List<ChangeRow> batch = new ArrayList<>();
        for (int store : stores) batch.add(change(store, 100001 + round, t, GoldMergeTest.SALE, -1));
        append(f, batch);
        long before = f.table(CurrentInventoryTable.NAME).currentSnapshot().snapshotId();
        GoldMergeTest.merge(f);
        assertEquals(3, addedSince(f.table(CurrentInventoryTable.NAME), before, "added-position-delete-files"),
            "a delete file per store");
        assertGoldIsRecomputation(f, "round " + round, ITEMS, stores.size());
      }
      MaintenanceResult compacted = new Compactor(f.res).compact(CurrentInventoryTable.NAME, 2, 128L << 20,
          ProgressReporter.none());
      assertEquals(3, compacted.partitionsCompacted(), compacted.toString());
      assertGoldIsRecomputation(f, "after compaction", ITEMS, stores.size());
      assertEquals(CurrentInventoryTable.STORE_SPEC.fields().get(0).transform(),
          f.table(CurrentInventoryTable.NAME).spec().fields().get(0).transform(), "the layout stays");
    }
  }

  /**
   * Compaction of stores that merges-on-read left with many files keeps each store's large file: the small data
   * files and the delete files are folded into one of each (at 1,000 stores × 100,000 items, rewriting every store
   * whole took 293 s). Once more than a tenth of the large file's rows are deleted, the store is rewritten whole.
   * Gold stays the full recomputation throughout, through the merges after each compaction too.
   */
  @Test
  void compactionFoldsSmallFilesAndDeletesKeepingAStoresLargeFile(PosConfig config) throws Exception {
    int items = 10_000; // the smallest file compaction keeps
    try (EtlFixture f = new EtlFixture(config)) {
      Random rnd = new Random(23);
      recount(f, 1, S, rnd, items);
      recount(f, 2, S, rnd, items);
      GoldMergeTest.ingest(f);
      GoldMergeTest.merge(f); // one large file per store
      Map<Integer, List<String>> loaded = dataFilesByStore(f.table(CurrentInventoryTable.NAME));
      assertEquals(Map.of(1, 1, 2, 1), Map.of(1, loaded.get(1).size(), 2, loaded.get(2).size()));
      for (int round = 1; round <= 3; round++) {
        Instant t = S.plusSeconds(600L * round);
        append(f, List.of(change(1, 100002, t, GoldMergeTest.SALE, -1), // the same pair: its last row is live
            change(1, 100101 + round, t, GoldMergeTest.RESTOCK, 3),
            change(2, 100201 + round, t, GoldMergeTest.SALE, -2)));
        assertEquals(3, GoldMergeTest.merge(f).rowsUpserted(), "round " + round);
      }
      int changed = 1 + 3 + 3; // distinct pairs: each has one live row, in the small file of the last merge that wrote it
      Table gold = f.table(CurrentInventoryTable.NAME);
      assertEquals(4, dataFilesByStore(gold).get(1).size());
      assertEquals(3, deleteFilesByStore(gold).get(1).size());

      long servedBefore = SmallGoldFiles.SHARED.served();
      MaintenanceResult folded = new Compactor(f.res, Map.of(CurrentInventoryTable.NAME,
          new SmallGoldFoldCache())).compact(CurrentInventoryTable.NAME, 2, 128L << 20, ProgressReporter.none());
      assertTrue(SmallGoldFiles.SHARED.served() - servedBefore >= 2 * (3 + 3),
          "the fold takes each store's three small data files and three delete files from memory");
      assertEquals(2, folded.partitionsCompacted());
      assertEquals(2 * (3 + 3), folded.filesRemoved(), "each store's three small data files and three delete files");
      assertEquals(2 * 2, folded.filesAdded(), "one data file and one delete file per store");
      assertEquals(changed, folded.rowsRewritten(), "only the small files' live rows");
      gold = f.table(CurrentInventoryTable.NAME);
      assertEquals("replace", gold.currentSnapshot().operation());
      for (int store : List.of(1, 2)) {
        List<String> files = dataFilesByStore(gold).get(store);
        assertEquals(2, files.size(), "store " + store + ": " + files);
        assertTrue(files.contains(loaded.get(store).get(0)), "store " + store + " keeps its large file");
        assertEquals(1, deleteFilesByStore(gold).get(store).size(), "store " + store);
      }
      assertGoldIsRecomputation(f, "after the fold", items);

      // merges after the fold find rows in the kept file and the folded one
      Instant later = S.plusSeconds(3000);
      append(f, List.of(change(1, 100002, later, GoldMergeTest.SALE, -1), change(1, 100500, later,
          GoldMergeTest.SALE, -1)));
      long fromMemory = SmallGoldFiles.SHARED.served();
      GoldMergeTest.merge(f);
      assertTrue(SmallGoldFiles.SHARED.served() - fromMemory >= 2,
          "store 1's look-up takes the fold's data and delete file from memory, not the object store");
      assertGoldIsRecomputation(f, "merge after the fold", items);

      // store 2: two merges of 6% of its pairs each (merge-on-read) delete 12% of its large file's rows
      for (int round = 1; round <= 2; round++) {
        List<ChangeRow> batch = new ArrayList<>();
        Instant t = later.plusSeconds(600L * round);
        for (int i = 0; i < items * 6 / 100; i++) {
          batch.add(change(2, 100001 + 1000 + (round - 1) * 1000 + i, t, GoldMergeTest.SALE, -1));
        }
        append(f, batch);
        GoldMergeTest.merge(f);
      }
      gold = f.table(CurrentInventoryTable.NAME);
      assertTrue(deleteFilesByStore(gold).get(2).size() >= 3, "merge-on-read: " + deleteFilesByStore(gold).get(2));
      MaintenanceResult again = new Compactor(f.res).compact(CurrentInventoryTable.NAME, 2, 128L << 20,
          ProgressReporter.none());
      assertEquals(2, again.partitionsCompacted());
      gold = f.table(CurrentInventoryTable.NAME);
      assertEquals(1, dataFilesByStore(gold).get(2).size(), "store 2 rewritten whole");
      assertEquals(Set.of(), deleteFilesByStore(gold).get(2));
      assertTrue(dataFilesByStore(gold).get(1).contains(loaded.get(1).get(0)), "store 1 folded again");
      assertEquals(1, deleteFilesByStore(gold).get(1).size());
      assertGoldIsRecomputation(f, "after the second compaction", items);
    }
  }

  /**
   * A fold racing a merge's commit (it commits between the merge's look-up and its commit): a merge whose deletes
   * point into the large files it keeps commits on top of it; a merge whose deletes point into a small file it
   * folded away fails Iceberg's validation and its retry merges again. Gold equals the recomputation after each.
   */
  @Test
  void aFoldRacingAMergeCommitKeepsGoldExact(PosConfig config) throws Exception {
    int items = 10_000; // the smallest file compaction keeps
    try (EtlFixture f = new EtlFixture(config)) {
      Random rnd = new Random(29);
      recount(f, 1, S, rnd, items);
      recount(f, 2, S, rnd, items);
      GoldMergeTest.ingest(f);
      GoldMergeTest.merge(f);
      for (int round = 1; round <= 2; round++) {
        Instant t = S.plusSeconds(600L * round);
        append(f, List.of(change(1, 100002, t, GoldMergeTest.SALE, -1), // round 2 deletes round 1's small file row
            change(2, 100010 + round, t, GoldMergeTest.SALE, -1)));
        GoldMergeTest.merge(f);
      }
      Runnable fold = () -> new Compactor(f.res).compact(CurrentInventoryTable.NAME, 2, 128L << 20,
          ProgressReporter.none());

      // pairs whose live rows are in the large files: the merge's deletes point there, the fold keeps them
      Instant t3 = S.plusSeconds(1800);
      append(f, List.of(change(1, 100500, t3, GoldMergeTest.SALE, -1), change(2, 100600, t3, GoldMergeTest.SALE, -1)));
      GoldBucketTask task = new GoldPlanner(f.res).plan(1).tasks().get(0);
      assertEquals(2, GoldFanOutTest.bucket(f).beforeCommit(fold).run(task).rowsUpserted());
      Table gold = f.table(CurrentInventoryTable.NAME);
      assertEquals("replace", gold.snapshot(gold.currentSnapshot().parentId()).operation(), "the fold, then the merge");
      assertGoldIsRecomputation(f, "a merge on top of a fold", items);

      // pair 100002's live row is in the small file the fold wrote; a second fold folds that file away
      Instant t4 = S.plusSeconds(2400);
      append(f, List.of(change(1, 100002, t4, GoldMergeTest.SALE, -1)));
      GoldBucketTask again = new GoldPlanner(f.res).plan(1).tasks().get(0);
      assertThrows(ValidationException.class, () -> GoldFanOutTest.bucket(f).beforeCommit(fold).run(again));
      assertEquals("replace", f.table(CurrentInventoryTable.NAME).currentSnapshot().operation(), "only the fold");
      assertEquals(1, GoldFanOutTest.bucket(f).run(again).rowsUpserted(), "the activity's retry");
      assertGoldIsRecomputation(f, "the retry after the fold", items);
    }
  }

  /**
   * The small files a merge-on-read writes (a few rows, and the positions they replace) are kept in memory, so the
   * store's next merge does not fetch them again; it still gives the full recomputation's rows.
   */
  @Test
  void theNextMergeOfAStoreTakesTheFilesTheLastOneWroteFromMemory(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      int items = (int) SmallGoldFiles.MAX_ROWS + 100; // the store's own file is not a small one
      recount(f, 1, S, new Random(5), items);
      GoldMergeTest.ingest(f);
      GoldMergeTest.merge(f);
      for (int round = 1; round <= 3; round++) {
        Instant t = S.plusSeconds(600L * round);
        append(f, List.of(change(1, 100010 + round, t, GoldMergeTest.SALE, -1),
            change(1, 100002, t, GoldMergeTest.SALE, -1)));
        long served = SmallGoldFiles.SHARED.served();
        GoldResult r = GoldMergeTest.merge(f);
        assertEquals(2, r.rowsUpserted(), "round " + round);
        assertEquals("1", f.table(CurrentInventoryTable.NAME).currentSnapshot().summary()
            .get("added-position-delete-files"), "merge-on-read, round " + round);
        // from the second round on: the last round's rows (one file) and the positions its delete file removed
        // from the store's file and from the file before (item 100002 moved there)
        if (round > 1) assertTrue(SmallGoldFiles.SHARED.served() - served >= 2, "round " + round);
        Map<Long, GoldRow> expected = GoldMergeTest.oracle(recounts, changes);
        assertEquals(expected, GoldMergeTest.gold(f), "round " + round);
        // a position kept wrong would leave an old row live beside its new one: the maps above would hide it
        assertEquals(expected.size(), TableReader.of(f.table(CurrentInventoryTable.NAME)).count(), "round " + round);
        VerifyReport v = new GoldVerifier(f.res, w -> {}).verify();
        assertTrue(v.ok(), "round " + round + ": " + v);
      }
    }
  }

  /**
   * Gold files of many row groups and pages: the row lookup skips row groups by their item_id bounds and rows
   * across pages, so the positions it deletes and the rows it reads must still count the skipped rows (a wrong
   * position deletes another pair's row, a wrong row extends another pair's counts: verify fails).
   */
  @Test
  void mergeOnReadFindsRowsAcrossSkippedRowGroups(PosConfig config) throws Exception {
    mergeOnReadAcrossRowGroupsAndPages(config, Map.of());
  }

  /** The same with V2 data pages and plain (not dictionary) encoded values. */
  @Test
  void mergeOnReadFindsRowsInPlainV2Pages(PosConfig config) throws Exception {
    Map<String, String> plainV2 = new HashMap<>(Map.of(TableProperties.PARQUET_PAGE_VERSION, "v2"));
    for (String column : List.of(CurrentInventoryTable.ITEM_ID, CurrentInventoryTable.SNAPSHOT_QUANTITY,
        CurrentInventoryTable.CHANGE_QUANTITY, CurrentInventoryTable.DATE_TIME)) {
      plainV2.put(TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + column, "false");
    }
    mergeOnReadAcrossRowGroupsAndPages(config, plainV2);
  }

  void mergeOnReadAcrossRowGroupsAndPages(PosConfig config, Map<String, String> layout) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      int items = 1000;
      UpdateProperties properties = f.table(CurrentInventoryTable.NAME).updateProperties()
          .set(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "1") // a row group every 100 rows (the size check)
          .set(TableProperties.PARQUET_PAGE_ROW_LIMIT, "30"); // and pages of 30 rows: lookups skip across pages
      layout.forEach(properties::set);
      properties.commit();
      Random rnd = new Random(13);
      recount(f, 1, S, rnd, items);
      recount(f, 2, S, rnd, items);
      GoldMergeTest.ingest(f);
      GoldMergeTest.merge(f);
      for (FileScanTask t : planFiles(f.table(CurrentInventoryTable.NAME))) {
        assertTrue(t.file().splitOffsets().size() >= 5, "row groups: " + t.file().splitOffsets());
      }
      for (int round = 1; round <= 3; round++) {
        Instant t = S.plusSeconds(600L * round);
        int a = 100001 + 300 * round;
        append(f, List.of(change(1, a, t, GoldMergeTest.SALE, -1),
            change(1, a + 1, t, GoldMergeTest.SALE, -1), // the next row, then two pages further
            change(1, a + 45, t, GoldMergeTest.SALE, -1),
            change(1, 100001 + items - round, t, GoldMergeTest.RESTOCK, 4),
            change(2, 100001 + 17 * round, t, GoldMergeTest.SALE, -2)));
        assertEquals(5, GoldMergeTest.merge(f).rowsUpserted(), "round " + round);
        assertEquals("2", f.table(CurrentInventoryTable.NAME).currentSnapshot().summary()
            .get("added-position-delete-files"), "merge-on-read in both stores");
        assertEquals(GoldMergeTest.oracle(recounts, changes), GoldMergeTest.gold(f), "round " + round);
        VerifyReport v = new GoldVerifier(f.res, w -> {}).verify();
        assertTrue(v.ok(), "round " + round + ": " + v);
        assertEquals(2L * items, v.pairsCompared());
      }
    }
  }

  static List<FileScanTask> planFiles(Table table) {
    List<FileScanTask> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
      tasks.forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Test
  void crashBeforeTheMergeOnReadCommitThenRetryIsExactlyOnce(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      Random rnd = new Random(11);
      recount(f, 1, S, rnd);
      GoldMergeTest.ingest(f);
      GoldMergeTest.merge(f);
      append(f, List.of(change(1, 100003, S.plusSeconds(60), GoldMergeTest.SALE, -4)));
      Map<Long, GoldRow> before = GoldMergeTest.gold(f);
      GoldPosition.Inputs store1 = GoldPosition.read(f.table(CurrentInventoryTable.NAME)).forStore(1);
      GoldMerge crashing = new GoldMerge(f.res, w -> {}).beforeCommit(() -> {
        throw new IllegalStateException("crash before commit");
      });
      assertThrows(IllegalStateException.class, crashing::run);
      // nothing of store 1's bucket committed (the plan moved the buckets without work, without files)
      assertEquals(before, GoldMergeTest.gold(f), "nothing committed");
      assertEquals(store1, GoldPosition.read(f.table(CurrentInventoryTable.NAME)).forStore(1));
      assertEquals(0, deleteFilesLive(f.table(CurrentInventoryTable.NAME)));

      GoldResult retried = GoldMergeTest.merge(f);
      assertEquals(1, retried.rowsUpserted());
      assertEquals(1, deleteFilesLive(f.table(CurrentInventoryTable.NAME)));
      assertGoldIsRecomputationOneStore(f);
      assertEquals(new GoldResult(0, 0, 0, 0, 0), GoldMergeTest.merge(f), "retry after the commit");
      assertGoldIsRecomputationOneStore(f);
    }
  }

  void assertGoldIsRecomputationOneStore(EtlFixture f) {
    assertEquals(GoldMergeTest.oracle(recounts, changes), GoldMergeTest.gold(f));
    VerifyReport v = new GoldVerifier(f.res, w -> {}).verify();
    assertTrue(v.ok(), v.toString());
  }
}
