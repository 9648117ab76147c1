package dev.poslake.activities.etl.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.catalog.LocalCatalog;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.PosTables;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The existing-key read of one silver file: in a file whose times rise (silver writes a batch in Kafka order), only
 * the pages whose date_time bounds meet the touched minutes are decoded, and the keys found are exactly the rows of
 * the touched stores in those minutes.
 */
class ExistingKeyFileTest {
  static final OffsetDateTime START = OffsetDateTime.of(2026, 12, 3, 8, 0, 0, 0, ZoneOffset.UTC);

  @Test
  void onlyThePagesOfTheTouchedMinutesAreDecoded(@TempDir Path dir) {
    Catalog catalog = LocalCatalog.open(dir);
    PosTables.ensureAll(catalog, Namespace.of("pos"));
    Table change = catalog.loadTable(TableIdentifier.of(Namespace.of("pos"), InventoryChangeTable.NAME));
    int minutes = 60;
    int perMinute = 1_500; // 90,000 rows: pages of 20,000 rows, so a minute's rows lie in one or two pages
    List<Record> rows = new ArrayList<>();
    for (int m = 0; m < minutes; m++) {
      for (int i = 0; i < perMinute; i++) {
        int n = rows.size();
        Record r = GenericRecord.create(change.schema());
        r.setField("trans_id", "t" + n);
        r.setField("store_id", n % 3); // stores 0-2 share a bucket, so one file
        r.setField("date_time", START.plusMinutes(m).plusNanos(i * 1_000_000L));
        r.setField("change_type_id", 2);
        r.setField("item_id", 100_001 + n % 1000);
        r.setField("quantity", -1);
        r.setField("part", n % 2);
        r.setField("parts", 2);
        r.setField("line", 0);
        r.setField("source_partition", 0);
        r.setField("source_offset", (long) n);
        r.setField("ingested_at", START);
        rows.add(r);
      }
    }
    List<DataFile> files;
    try (RecordAppender out = RecordAppender.forTable(change)) {
      out.writeAll(rows);
      files = out.complete().dataFiles();
    }
    assertEquals(1, files.size());

    DayStores touched = new DayStores();
    touched.add(Timestamps.micros(START.plusMinutes(41).toInstant()), 1); // minute 41 of store 1
    List<String> found = new ArrayList<>();
    long decoded = ExistingKeyFile.forEach(change, files.get(0), touched, (trans, store, part) -> {
      assertEquals(1, store);
      found.add(trans + "/" + part);
    });

    List<String> expected = new ArrayList<>();
    for (int n = 41 * perMinute; n < 42 * perMinute; n++) {
      if (n % 3 == 1) expected.add("t" + n + "/" + n % 2);
    }
    assertEquals(expected, found);
    assertTrue(decoded >= perMinute && decoded <= 40_000,
        "the pages holding minute 41, not the file's " + rows.size() + " rows: " + decoded);
  }
}
