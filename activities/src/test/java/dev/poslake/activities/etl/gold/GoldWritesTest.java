package dev.poslake.activities.etl.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.catalog.LocalCatalog;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.PosTables;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.CharSequenceSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gold's rows go into Parquet column by column ({@link GoldRowParquet}): the same rows and metrics as Iceberg's writer. */
class GoldWritesTest {
  private static Table gold(Path dir) {
    Catalog catalog = LocalCatalog.open(dir);
    PosTables.ensureAll(catalog, Namespace.of("pos"));
    return catalog.loadTable(TableIdentifier.of(Namespace.of("pos"), CurrentInventoryTable.NAME));
  }

  private static List<GoldRow> rows(int store, int n) {
    Random rnd = new Random(11);
    Instant t = Instant.parse("2026-12-03T08:00:00Z");
    List<GoldRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int q = rnd.nextInt(100);
      long change = rnd.nextInt(41) - 20 + (i == 0 ? 5_000_000_000L : 0); // a sum beyond int
      rows.add(new GoldRow(store, 100_001 + 3 * i, q, change, q + change, t.plusSeconds(rnd.nextInt(86_400))
          .plusNanos(1000L * rnd.nextInt(1_000_000))));
    }
    return rows;
  }

  @Test
  void aStoresRowsReadBackAsWrittenWithIcebergsMetrics(@TempDir Path dir) throws IOException {
    Table gold = gold(dir);
    List<GoldRow> rows = rows(7, 20_000);
    try (GoldWrites writes = new GoldWrites(gold)) {
      writes.copyOnWrite(7, GoldFiles.NONE, new ArrayList<>(rows), List.of());
      RowDelta delta = gold.newRowDelta();
      writes.addTo(delta, CharSequenceSet.empty());
      delta.commit();
      writes.keep();
    }
    gold.refresh();
    Set<GoldRow> read = new HashSet<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(gold).build()) {
      for (Record r : records) read.add(GoldRecords.gold(r));
    }
    assertEquals(new HashSet<>(rows), read);
    List<DataFile> typed = new ArrayList<>();
    gold.currentSnapshot().addedDataFiles(gold.io()).forEach(typed::add);
    assertEquals(1, typed.size());
    assertEquals(7, GoldLayout.of(gold).storeOf(typed.get(0)), "a store's own file");
    assertEquals(GoldLayout.of(gold).partitionOf(7).get(0, Integer.class), typed.get(0).partition().get(0, Integer.class),
        "in its store's bucket");
    // the same rows through Iceberg's generic writer: the same statistics in the manifest (pruning depends on them)
    DataFile generic;
    try (RecordAppender out = RecordAppender.forTable(gold)) {
      for (GoldRow g : rows.stream().sorted(Comparator.comparingInt(GoldRow::itemId)).toList()) {
        out.write(GoldRecords.gold(gold.schema(), g));
      }
      generic = out.complete().dataFiles().get(0);
      out.abort();
    }
    assertEquals(generic.recordCount(), typed.get(0).recordCount());
    assertEquals(generic.lowerBounds(), typed.get(0).lowerBounds());
    assertEquals(generic.upperBounds(), typed.get(0).upperBounds());
    assertEquals(generic.valueCounts(), typed.get(0).valueCounts());
    assertEquals(generic.nullValueCounts(), typed.get(0).nullValueCounts());
    assertTrue(typed.get(0).lowerBounds().size() >= 6, "bounds for every column");
  }

  @Test
  void aGoldSpecThatIsNotByStoreAloneIsRefusedWithWhatToDo(@TempDir Path dir) {
    Table gold = gold(dir);
    gold.updateSpec().addField(Expressions.bucket(CurrentInventoryTable.ITEM_ID, 4)).commit();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new GoldWrites(gold));
    assertTrue(e.getMessage().contains("partitioned by store_id alone"), e.getMessage());
  }
}
