package dev.poslake.activities.etl.silver;

import static dev.poslake.activities.etl.support.EtlFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Silver's column-by-column read of bronze files gives exactly what Iceberg's generic reader gives. */
@ExtendWith(PosStackExtension.class)
class BronzeFileReaderTest {
  @Test
  void columnarReadEqualsTheGenericReader(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(config, true)) {
      for (int i = 0; i < 300; i++) {
        int partition = i % 8;
        if (i % 29 == 0) f.send(partition, null, (byte[]) null); // a tombstone: no key, no value
        else if (i % 31 == 0) f.send(partition, "k" + i, new byte[0]);
        else if (i % 37 == 0) f.send(partition, "k" + i, new byte[] {(byte) 0xff, 0, '{'});
        else f.send(partition, "T-" + i, message("T-" + i, 1 + i % 2, 1, "2026-11-20T10:15:00Z",
            new int[][] {{100001 + i, -1}}, null, null));
      }
      f.bronze();
      Table bronze = f.table(RawInventoryChangeTable.NAME);
      List<DataFile> files = new ArrayList<>();
      try (CloseableIterable<FileScanTask> tasks = bronze.newScan().planFiles()) {
        tasks.forEach(t -> files.add(t.file()));
      }
      assertTrue(files.size() > 1, files.size() + " files");
      List<String> columnar = new ArrayList<>();
      List<String> generic = new ArrayList<>();
      for (DataFile file : files) {
        assertTrue(BronzeFileReader.forEach(bronze, file, collect(columnar)), "bronze's own files go by column");
        BronzeFileReader.generic(bronze, file, collect(generic));
      }
      assertEquals(generic, columnar);
      assertEquals(300, columnar.size());
      assertTrue(columnar.stream().anyMatch(r -> r.endsWith("|null")), "the tombstones' null values");
      assertTrue(columnar.stream().anyMatch(r -> r.endsWith("|")), "the empty values");
    }
  }

  @Test
  void filesOfAnotherShapeAreNotDecodedByColumn() {
    assertTrue(BronzeFileReader.decodable(ParquetSchemaUtil.convert(RawInventoryChangeTable.SCHEMA, "t")));
    assertFalse(BronzeFileReader.decodable(MessageTypeParser.parseMessageType(
        "message t { required binary topic (STRING); required int32 partition; required int64 offset;"
            + " required binary value; }")));
    assertFalse(BronzeFileReader.decodable(MessageTypeParser.parseMessageType(
        "message t { required binary topic (STRING); required int64 partition; required int64 offset;"
            + " optional binary value; }")));
  }

  private static BronzeFileReader.Sink collect(List<String> out) {
    return (topic, partition, offset, value) -> out.add(topic + "|" + partition + "|" + offset + "|"
        + (value == null ? "null" : HexFormat.of().formatHex(bytes(value))));
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }
}
