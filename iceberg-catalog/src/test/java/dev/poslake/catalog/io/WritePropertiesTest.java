package dev.poslake.catalog.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.catalog.LocalCatalog;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.PosTables;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writer properties given to a writer (such as {@link SmallFileWrites}) reach the files, over the table's. */
class WritePropertiesTest {
  static final int ROWS = 1_000;
  /** Pages of at most 100 rows: visible in the footer as the page count of every column chunk. */
  static final Map<String, String> SMALL_PAGES = Map.of(TableProperties.PARQUET_PAGE_ROW_LIMIT, "100",
      TableProperties.DELETE_PARQUET_PAGE_ROW_LIMIT, "100");

  @TempDir Path dir;

  @Test
  void dataFilesTakeTheWritersPropertiesOverTheTables() throws IOException {
    Table gold = gold();
    assertEquals(1, pagesPerColumn(writeRows(gold, Map.of())), "the table's defaults: one page of 1,000 rows");
    assertEquals(ROWS / 100, pagesPerColumn(writeRows(gold, SMALL_PAGES)));
  }

  @Test
  void positionDeleteFilesTakeTheWritersPropertiesOverTheTables() throws IOException {
    Table gold = gold();
    DataFile data = writeRows(gold, Map.of());
    assertEquals(1, pagesPerColumn(writeDeletes(gold, data, Map.of())));
    assertEquals(ROWS / 100, pagesPerColumn(writeDeletes(gold, data, SMALL_PAGES)));
  }

  private Table gold() {
    Catalog catalog = LocalCatalog.open(dir);
    Namespace ns = Namespace.of("pos");
    PosTables.ensureAll(catalog, ns);
    return catalog.loadTable(TableIdentifier.of(ns, CurrentInventoryTable.NAME));
  }

  private static DataFile writeRows(Table gold, Map<String, String> properties) {
    try (StagedDataFiles<Record> files = StagedDataFiles.records(gold, gold.location() + "/data", "t")
        .withWriteProperties(properties)) {
      for (int item = 0; item < ROWS; item++) {
        Record r = GenericRecord.create(gold.schema());
        r.setField(CurrentInventoryTable.STORE_ID, 7);
        r.setField(CurrentInventoryTable.ITEM_ID, item);
        r.setField(CurrentInventoryTable.SNAPSHOT_QUANTITY, item);
        r.setField(CurrentInventoryTable.CHANGE_QUANTITY, (long) -item);
        r.setField(CurrentInventoryTable.CURRENT_INVENTORY, 0L);
        r.setField(CurrentInventoryTable.DATE_TIME, OffsetDateTime.of(2026, 12, 3, 10, 0, 0, 0, ZoneOffset.UTC));
        files.partition(store7(gold)).write(r);
      }
      List<DataFile> written = files.complete();
      assertEquals(1, written.size());
      return written.get(0);
    }
  }

  private static ContentFile<?> writeDeletes(Table gold, DataFile data, Map<String, String> properties) {
    try (PositionDeleteAppender deletes = new PositionDeleteAppender(gold, properties)) {
      for (long pos = 0; pos < ROWS; pos++) deletes.delete(data.location(), pos, store7(gold));
      return deletes.complete().deleteFiles().get(0);
    }
  }

  private static PartitionKey store7(Table gold) {
    Record key = GenericRecord.create(gold.schema());
    key.setField(CurrentInventoryTable.STORE_ID, 7);
    PartitionKey partition = new PartitionKey(gold.spec(), gold.schema());
    partition.partition(new InternalRecordWrapper(gold.schema().asStruct()).wrap(key));
    return partition;
  }

  /** The page count of the file's columns (the same for all: the row limit cuts every column alike). */
  private static int pagesPerColumn(ContentFile<?> file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(LocalFileIO.toPath(file.location())))) {
      int pages = -1;
      for (ColumnChunkMetaData c : reader.getFooter().getBlocks().get(0).getColumns()) {
        int n = reader.readOffsetIndex(c).getPageCount();
        if (pages != -1) assertEquals(pages, n, c.getPath().toDotString());
        pages = n;
      }
      return pages;
    }
  }
}
