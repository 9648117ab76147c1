package dev.poslake.catalog.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.LocalCatalog;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table's per-column Parquet settings must hold in every row group of its files, whatever other writers the JVM
 * opens meanwhile. parquet-java up to 1.17 kept the properties of the last writer opened in a JVM-wide value-writer
 * factory (apache/parquet-java#3497), so bronze's key and value columns, which are unique per record and have
 * dictionary encoding turned off, went through a dictionary again as soon as another table's writer had opened.
 */
class ParquetColumnSettingsTest {
  static final Namespace NS = Namespace.of("pos");
  static final OffsetDateTime T0 = OffsetDateTime.of(2026, 12, 3, 10, 0, 0, 0, ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void bronzeKeepsItsColumnsPlainWhileAnotherTablesWriterOpens() throws IOException {
    Catalog catalog = LocalCatalog.open(dir);
    PosTables.ensureAll(catalog, NS);
    Table bronze = catalog.loadTable(TableIdentifier.of(NS, RawInventoryChangeTable.NAME));
    bronze.updateProperties() // a row group every 10 rows, so some start after the other writer opened
        .set(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, "1")
        .set(TableProperties.PARQUET_ROW_GROUP_CHECK_MIN_RECORD_COUNT, "10")
        .set(TableProperties.PARQUET_ROW_GROUP_CHECK_MAX_RECORD_COUNT, "10")
        .commit();
    Table snapshots = catalog.loadTable(TableIdentifier.of(NS, InventorySnapshotTable.NAME));

    List<DataFile> written;
    try (StagedDataFiles<Record> files = StagedDataFiles.records(bronze, bronze.location() + "/data", "t")) {
      for (int i = 0; i < 60; i++) {
        if (i == 20) openAndWriteOne(snapshots); // its columns keep Parquet's defaults: dictionaries on
        Record r = bronzeRow(bronze, i);
        files.partition(partitionOf(bronze, r)).write(r);
      }
      written = files.complete();
    }

    assertEquals(1, written.size());
    List<BlockMetaData> rowGroups = footer(written.get(0));
    assertTrue(rowGroups.size() >= 5, "row groups before and after the other writer opened: " + rowGroups.size());
    for (int g = 0; g < rowGroups.size(); g++) {
      for (ColumnChunkMetaData c : rowGroups.get(g).getColumns()) {
        String column = c.getPath().toDotString();
        boolean plainByTableSetting = column.equals(RawInventoryChangeTable.KEY)
            || column.equals(RawInventoryChangeTable.VALUE);
        // the same bytes in every row: a dictionary, where allowed, is kept, so its page shows in the footer
        assertEquals(!plainByTableSetting, c.hasDictionaryPage(), "row group " + g + ", column " + column);
      }
    }
  }

  private static void openAndWriteOne(Table table) {
    try (StagedDataFiles<Record> other = StagedDataFiles.records(table, table.location() + "/data", "other")) {
      Record r = GenericRecord.create(table.schema());
      for (var f : table.schema().columns()) {
        Object v = switch (f.type().typeId()) {
          case INTEGER -> 1;
          case LONG -> 1L;
          case STRING -> "s";
          case DATE -> T0.toLocalDate();
          case TIMESTAMP -> T0;
          default -> null;
        };
        r.setField(f.name(), v);
      }
      other.partition(partitionOf(table, r)).write(r);
      other.abort();
    }
  }

  private static Record bronzeRow(Table t, int i) {
    Record r = GenericRecord.create(t.schema());
    r.setField(RawInventoryChangeTable.TOPIC, "pos.inventory_change");
    r.setField(RawInventoryChangeTable.PARTITION, 0);
    r.setField(RawInventoryChangeTable.OFFSET, 0L);
    r.setField(RawInventoryChangeTable.TIMESTAMP, T0);
    r.setField(RawInventoryChangeTable.KEY, ByteBuffer.wrap("same-key".getBytes(StandardCharsets.UTF_8)));
    r.setField(RawInventoryChangeTable.VALUE, ByteBuffer.wrap("{\"same\":1}".getBytes(StandardCharsets.UTF_8)));
    r.setField(RawInventoryChangeTable.INGESTED_AT, T0);
    return r;
  }

  private static PartitionKey partitionOf(Table t, Record r) {
    PartitionKey key = new PartitionKey(t.spec(), t.schema());
    key.partition(new InternalRecordWrapper(t.schema().asStruct()).wrap(r));
    return key;
  }

  private static List<BlockMetaData> footer(DataFile file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(LocalFileIO.toPath(file.location())))) {
      List<BlockMetaData> blocks = reader.getFooter().getBlocks();
      assertFalse(blocks.isEmpty());
      return blocks;
    }
  }
}
