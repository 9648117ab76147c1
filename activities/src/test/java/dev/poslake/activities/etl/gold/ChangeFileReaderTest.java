package dev.poslake.activities.etl.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.etl.domain.ChangeRow;
import dev.poslake.catalog.LocalCatalog;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.PosTables;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which silver files gold decodes column by column: silver's own (the merge tests check the rows it reads), and
 * not a file whose gold columns are optional or of another type, which goes through the generic reader.
 */
class ChangeFileReaderTest {
  @Test
  void silversOwnSchemaIsDecodedByColumn() {
    assertTrue(ChangeFileReader.decodable(ParquetSchemaUtil.convert(InventoryChangeTable.SCHEMA, "table")));
  }

  @Test
  void otherShapesGoThroughTheGenericReader() {
    String columns = "required int32 store_id; required int32 item_id; required int32 change_type_id; "
        + "required int32 quantity; ";
    assertTrue(ChangeFileReader.decodable(MessageTypeParser.parseMessageType(
        "message t { " + columns + "required int64 date_time (TIMESTAMP(MICROS,true)); }")));
    assertFalse(ChangeFileReader.decodable(MessageTypeParser.parseMessageType(
        "message t { " + columns + "optional int64 date_time (TIMESTAMP(MICROS,true)); }")), "optional");
    assertFalse(ChangeFileReader.decodable(MessageTypeParser.parseMessageType(
        "message t { " + columns + "required int64 date_time (TIMESTAMP(MILLIS,true)); }")), "millis");
    assertFalse(ChangeFileReader.decodable(MessageTypeParser.parseMessageType(
        "message t { " + columns + "}")), "no date_time");
    assertFalse(ChangeFileReader.decodable(MessageTypeParser.parseMessageType(
        "message t { required int64 store_id; required int32 item_id; required int32 change_type_id; "
            + "required int32 quantity; required int64 date_time (TIMESTAMP(MICROS,true)); }")), "64-bit store_id");
  }

  @Test
  void aStoresRowsAmongOtherStoresRunsAcrossPagesAreThoseOfTheGenericReader(@TempDir Path dir) {
    Catalog catalog = LocalCatalog.open(dir);
    PosTables.ensureAll(catalog, Namespace.of("pos"));
    Table silver = catalog.loadTable(TableIdentifier.of(Namespace.of("pos"), InventoryChangeTable.NAME));
    OffsetDateTime day = OffsetDateTime.of(2026, 12, 3, 8, 0, 0, 0, ZoneOffset.UTC);
    Random rnd = new Random(5);
    List<Record> rows = new ArrayList<>();
    int[] storesOfOneBucket = {0, 1, 2}; // bucket(8, store_id) puts all three in one file per day
    while (rows.size() < 70_000) { // several pages per column: runs of one store cross page boundaries
      int store = storesOfOneBucket[rnd.nextInt(3)];
      for (int run = 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 400); run > 0; run--) {
        Record r = GenericRecord.create(silver.schema());
        r.setField("trans_id", "t" + rows.size());
        r.setField("store_id", store);
        r.setField("date_time", day.plusNanos(rnd.nextInt(3_600_000) * 1_000_000L));
        r.setField("change_type_id", 1 + rnd.nextInt(4));
        r.setField("item_id", 100_001 + rnd.nextInt(100_000));
        r.setField("quantity", rnd.nextInt(21) - 10);
        r.setField("part", 0);
        r.setField("parts", 1);
        r.setField("line", 0);
        r.setField("source_partition", 0);
        r.setField("source_offset", (long) rows.size());
        r.setField("ingested_at", day);
        rows.add(r);
      }
    }
    List<DataFile> files;
    try (RecordAppender out = RecordAppender.forTable(silver)) {
      out.writeAll(rows);
      files = out.complete().dataFiles();
    }
    assertEquals(1, files.size(), "one (day, bucket) partition");
    int total = 0;
    for (int store : storesOfOneBucket) {
      List<ChangeRow> byColumn = new ArrayList<>();
      List<ChangeRow> generic = new ArrayList<>();
      ChangeFileReader.forEachOfStore(silver, files.get(0), store, collect(store, byColumn));
      ChangeFileReader.generic(silver, files.get(0), store, collect(store, generic));
      assertTrue(generic.size() > 10_000, "store " + store + ": " + generic.size());
      assertEquals(generic, byColumn, "store " + store);
      total += byColumn.size();
    }
    assertEquals(rows.size(), total);
  }

  private static ChangeFileReader.Rows collect(int store, List<ChangeRow> into) {
    return (item, micros, type, quantity) ->
        into.add(new ChangeRow(store, item, Timestamps.instantOfMicros(micros), type, quantity));
  }
}
