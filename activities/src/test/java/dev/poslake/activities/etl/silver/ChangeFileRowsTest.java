package dev.poslake.activities.etl.silver;

import static dev.poslake.activities.etl.support.EtlFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.io.ParquetInputFiles;
import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The commit's column-by-column read of silver files gives exactly the rows Iceberg's generic reader gives. */
@ExtendWith(PosStackExtension.class)
class ChangeFileRowsTest {
  @Test
  void columnarReadEqualsTheGenericReader(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      for (int i = 0; i < 40; i++) {
        String id = i % 3 == 0 ? "T-" + i : UUID.randomUUID().toString(); // free-form ids and UUIDs
        String day = "2026-11-2" + (i % 4) + "T10:15:0" + (i % 10) + ".123456Z";
        f.send(i % 8, id, message(id, i % 2 == 0 ? 1 : 2, 1 + i % 3, day,
            new int[][] {{100001 + i, -1 - i}, {100002 + i, i}}, null, null));
      }
      f.bronze();
      SilverResult written = SilverProcessorTest.silver(f);
      Table change = f.table(InventoryChangeTable.NAME);
      List<DataFile> files = new ArrayList<>();
      try (CloseableIterable<FileScanTask> tasks = change.newScan().planFiles()) {
        tasks.forEach(t -> files.add(t.file()));
      }
      assertTrue(files.size() > 1, "rows in several partitions");
      int rows = 0;
      for (DataFile file : files) {
        try (ParquetFileReader footer = ParquetFileReader.open(
            ParquetInputFiles.of(change.io().newInputFile(file.location()), 0))) {
          assertTrue(ChangeFileRows.decodable(footer.getFileMetaData().getSchema()), "silver's own files go by column");
        }
        List<String> columnar = read(change, file, false);
        assertEquals(read(change, file, true), columnar, file.location());
        rows += columnar.size();
      }
      assertEquals(written.changeRows(), rows);
      assertTrue(rows >= 40, rows + " rows");
    }
  }

  @Test
  void filesOfAnotherShapeAreNotDecodedByColumn() {
    assertFalse(ChangeFileRows.decodable(MessageTypeParser.parseMessageType(
        "message t { required binary trans_id (STRING); optional int32 store_id; }")));
    MessageType silver = org.apache.iceberg.parquet.ParquetSchemaUtil.convert(InventoryChangeTable.SCHEMA, "t");
    assertTrue(ChangeFileRows.decodable(silver));
  }

  private static List<String> read(Table change, DataFile file, boolean generic) {
    List<String> out = new ArrayList<>();
    ChangeRowBuffer row = new ChangeRowBuffer(change.schema());
    Runnable add = () -> out.add(row.transId.toStringUsingUTF8() + "|" + row.storeId + "|" + row.dateTimeMicros
        + "|" + row.changeTypeId + "|" + row.itemId + "|" + row.quantity + "|" + row.part + "|" + row.parts + "|"
        + row.line + "|" + row.sourcePartition + "|" + row.sourceOffset + "|" + row.ingestedAtMicros);
    if (generic) ChangeFileRows.generic(change, file, row, add);
    else ChangeFileRows.forEach(change, file, row, add);
    return out;
  }
}
