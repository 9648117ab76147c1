package dev.poslake.activities.etl.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.domain.PairKey;
import dev.poslake.catalog.LocalCatalog;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.PosTables;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.util.CharSequenceSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gold row look-up decodes only the pages whose item_id bounds hold a wanted item, and still reports every
 * wanted row with its position in the file (a wrong position would make a merge delete another pair's row).
 */
class GoldRowLookupTest {
  private static final int STORE = 7;
  private static final int ROWS = 20_000;

  private static Table gold(Path dir, Map<String, String> properties) {
    Catalog catalog = LocalCatalog.open(dir);
    PosTables.ensureAll(catalog, Namespace.of("pos"));
    Table gold = catalog.loadTable(TableIdentifier.of(Namespace.of("pos"), CurrentInventoryTable.NAME));
    if (!properties.isEmpty()) {
      var update = gold.updateProperties();
      properties.forEach(update::set);
      update.commit();
    }
    return gold;
  }

  /** Items 100001, 100004, ... (every third id: looked-up ids in the gaps exist nowhere). */
  private static List<GoldRow> rows() {
    Random rnd = new Random(5);
    Instant t = Instant.parse("2026-12-04T08:00:00Z");
    List<GoldRow> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      int q = rnd.nextInt(100);
      long change = rnd.nextInt(41) - 20;
      rows.add(new GoldRow(STORE, 100_001 + 3 * i, q, change, q + change, t.plusSeconds(rnd.nextInt(86_400))));
    }
    return rows;
  }

  private static DataFile write(Table gold, List<GoldRow> rows) {
    try (GoldWrites writes = new GoldWrites(gold)) {
      writes.copyOnWrite(STORE, GoldFiles.NONE, new ArrayList<>(rows), List.of());
      RowDelta delta = gold.newRowDelta();
      writes.addTo(delta, CharSequenceSet.empty());
      delta.commit();
      writes.keep();
    }
    gold.refresh();
    List<DataFile> files = new ArrayList<>();
    gold.currentSnapshot().addedDataFiles(gold.io()).forEach(files::add);
    assertEquals(1, files.size());
    return files.get(0);
  }

  /** Looks up {@code wanted} and checks every present item's row and position; returns the item ids decoded. */
  private static long lookUpAndCheck(Table gold, DataFile file, List<GoldRow> rows, int... wanted) {
    GoldRowLookup lookup = new GoldRowLookup(gold);
    Map<Long, GoldFiles.Located> found = new HashMap<>();
    lookup.find(STORE, file, true, List.of(), ItemSet.of(wanted), found);
    Map<Long, GoldFiles.Located> expected = new HashMap<>();
    for (int item : wanted) {
      int offset = item - 100_001;
      if (offset >= 0 && offset % 3 == 0 && offset / 3 < ROWS) {
        expected.put(PairKey.of(STORE, item), new GoldFiles.Located(rows.get(offset / 3), file.location(), offset / 3));
      }
    }
    assertEquals(expected, found);
    return lookup.itemIdsDecoded();
  }

  @Test
  void aFewItemsAreFoundAtTheirPositionsDecodingOnlyTheirPages(@TempDir Path dir) {
    Table gold = gold(dir, Map.of());
    List<GoldRow> rows = rows();
    DataFile file = write(gold, rows);
    int perPage = CurrentInventoryTable.PAGE_ROW_LIMIT;
    // the first and last row, both rows around a page boundary, a row mid-page, and ids in no row
    int[] wanted = {100_001, 100_001 + 3 * (perPage - 1), 100_001 + 3 * perPage, 100_001 + 3 * 7_500,
        100_001 + 3 * (ROWS - 1), 100_002, 100_001 + 3 * ROWS};
    long decoded = lookUpAndCheck(gold, file, rows, wanted);
    // pages 0, 1, 7 and the last (100_002 falls in page 0's bounds; the id past the end in no page's)
    assertEquals(4L * perPage, decoded, "item ids decoded");
    // nothing wanted in this file's range: no page decoded
    assertEquals(0, lookUpAndCheck(gold, file, rows, 1, 2, 100_000));
  }

  @Test
  void randomItemsAcrossRowGroupsAndSmallPages(@TempDir Path dir) {
    // small row groups of small pages (Parquet checks page sizes every 100 rows at the least, so they hold up to
    // 100 rows): pages skipped within and across row groups
    Table gold = gold(dir, Map.of(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "16384",
        TableProperties.PARQUET_PAGE_ROW_LIMIT, "30"));
    List<GoldRow> rows = rows();
    DataFile file = write(gold, rows);
    assertTrue(file.splitOffsets().size() > 5, "row groups: " + file.splitOffsets().size());
    assertTrue(file.splitOffsets().size() < 50, "row groups: " + file.splitOffsets().size());
    Random rnd = new Random(17);
    for (int round = 0; round < 20; round++) {
      int[] wanted = new int[1 + rnd.nextInt(40)];
      for (int i = 0; i < wanted.length; i++) wanted[i] = 100_001 + rnd.nextInt(3 * ROWS + 3);
      long decoded = lookUpAndCheck(gold, file, rows, wanted);
      assertTrue(decoded <= 100L * wanted.length, "round " + round + ": " + decoded + " item ids decoded");
    }
    // every item: all pages, every position
    int[] all = new int[ROWS];
    for (int i = 0; i < ROWS; i++) all[i] = 100_001 + 3 * i;
    assertEquals(ROWS, lookUpAndCheck(gold, file, rows, all));
  }

  /**
   * A merge-on-read file of a partition of several stores (stores 0 and 10 share bucket 60 of 64): the look-up of one
   * store reports only that store's rows, at their positions in the file, whether the file is small (decoded whole and
   * kept in memory) or large (decoded by pages, with store_id decoded at the hits).
   */
  @Test
  void aFileSharedByStoresGivesOnlyTheWantedStoresRows(@TempDir Path dir) {
    Table gold = gold(dir, Map.of());
    for (int perStore : new int[] {1_000, 5_000}) {
      List<GoldRow> all = new ArrayList<>();
      for (int store : new int[] {0, 10}) {
        for (GoldRow g : rows().subList(0, perStore)) {
          all.add(new GoldRow(store, g.itemId(), g.snapshotQuantity(), g.changeQuantity() + store,
              g.currentInventory() + store, g.dateTime()));
        }
      }
      DataFile file;
      try (RecordAppender out = RecordAppender.forTable(gold)) {
        for (GoldRow g : all) out.write(GoldRecords.gold(gold.schema(), g));
        file = out.complete().dataFiles().get(0);
      }
      assertEquals(2L * perStore, file.recordCount());
      int[] wanted = {100_001, 100_001 + 3 * (perStore / 2), 100_001 + 3 * (perStore - 1), 100_002};
      for (int store : new int[] {0, 10}) {
        Map<Long, GoldFiles.Located> found = new HashMap<>();
        new GoldRowLookup(gold).find(store, file, false, List.of(), ItemSet.of(wanted), found);
        Map<Long, GoldFiles.Located> expected = new HashMap<>();
        int base = store == 0 ? 0 : perStore;
        for (int item : wanted) {
          int offset = item - 100_001;
          if (offset % 3 != 0) continue;
          GoldRow row = all.get(base + offset / 3);
          expected.put(PairKey.of(store, item), new GoldFiles.Located(row, file.location(), base + offset / 3));
        }
        assertEquals(expected, found, perStore + " rows per store, store " + store);
      }
    }
  }
}
