package dev.poslake.catalog.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.LocalCatalog;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.catalog.tables.StoreTable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordAppenderTest {
  static final Namespace NS = Namespace.of("pos");
  static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 25, 10, 15, 0, 0, ZoneOffset.UTC);

  @TempDir Path dir;
  Catalog catalog;

  @BeforeEach
  void setUp() {
    catalog = LocalCatalog.open(dir);
    PosTables.ensureAll(catalog, NS);
  }

  Table table(String name) {
    return catalog.loadTable(org.apache.iceberg.catalog.TableIdentifier.of(NS, name));
  }

  static Record change(Table t, String trans, int store, OffsetDateTime at, int item, int qty, long offset) {
    Record r = GenericRecord.create(t.schema());
    r.setField("trans_id", trans);
    r.setField("store_id", store);
    r.setField("date_time", at);
    r.setField("change_type_id", 1);
    r.setField("item_id", item);
    r.setField("quantity", qty);
    r.setField("part", 0);
    r.setField("parts", 1);
    r.setField("line", 0);
    r.setField("source_partition", 3);
    r.setField("source_offset", offset);
    r.setField("ingested_at", T0.plusDays(10));
    return r;
  }

  @Test
  void partitionedRoundTripWithSummaryProperties() {
    Table t = table(InventoryChangeTable.NAME);
    List<Record> rows = new ArrayList<>();
    // 3 days x 5 stores, deliberately out of partition order
    for (int i = 0; i < 300; i++) {
      rows.add(change(t, "tx-" + i, i % 5, T0.plusHours((i * 7) % 72), 100001 + i, -1 - (i % 3), i));
    }
    RecordAppender.Result written;
    try (RecordAppender out = RecordAppender.forTable(t)) {
      out.writeAll(rows);
      assertEquals(300, out.recordsWritten());
      written = out.complete();
    }
    assertEquals(300, written.recordCount());
    assertTrue(written.fileCount() > 1, "one file per (day, store bucket)");
    assertTrue(written.bytesWritten() > 0);
    assertEquals(written.bytesWritten(), written.dataFiles().stream().mapToLong(DataFile::fileSizeInBytes).sum());
    assertTrue(table(InventoryChangeTable.NAME).currentSnapshot() == null, "nothing committed yet");

    Commits.append(t, written.dataFiles(), Map.of("pos.test", "one"));
    Table reloaded = table(InventoryChangeTable.NAME);
    assertEquals(Optional.of("one"), SnapshotProperties.current(reloaded, "pos.test"));
    assertEquals(300, SnapshotProperties.totalRecords(reloaded));

    List<Record> back = TableReader.readAll(reloaded);
    assertEquals(300, back.size());
    Record r7 = back.stream().filter(r -> "tx-7".equals(r.getField("trans_id"))).findFirst().orElseThrow();
    assertEquals(T0.plusHours(49), r7.getField("date_time"));
    assertEquals(2, r7.getField("store_id"));
    assertEquals(-2, r7.getField("quantity"));
    assertEquals(7L, r7.getField("source_offset"));

    // filters prune and filter exactly
    List<Record> store2 = TableReader.of(reloaded).where(Expressions.equal("store_id", 2))
        .where(Expressions.greaterThanOrEqual("date_time", T0.plusDays(1).toString())).list();
    long expected = rows.stream().filter(r -> (int) r.getField("store_id") == 2
        && !((OffsetDateTime) r.getField("date_time")).isBefore(T0.plusDays(1))).count();
    assertEquals(expected, store2.size());
    assertTrue(expected > 0);

    List<Record> projected = TableReader.of(reloaded).select("trans_id").where(Expressions.equal("item_id", 100001))
        .list();
    assertEquals(1, projected.size());
    assertEquals("tx-0", projected.get(0).getField("trans_id"));
  }

  @Test
  void binaryAndNullsRoundTrip() {
    Table t = table(RawInventoryChangeTable.NAME);
    Record r = GenericRecord.create(t.schema());
    r.setField("topic", "pos.inventory_change");
    r.setField("partition", 5);
    r.setField("offset", 42L);
    r.setField("timestamp", null);
    r.setField("key", null);
    r.setField("value", ByteBuffer.wrap("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    r.setField("ingested_at", T0);
    try (RecordAppender out = RecordAppender.forTable(t)) {
      out.write(r);
      Commits.append(t, out.complete().dataFiles(), Map.of());
    }
    Record back = TableReader.readAll(table(RawInventoryChangeTable.NAME)).get(0);
    assertEquals("{\"a\":1}", StandardCharsets.UTF_8.decode((ByteBuffer) back.getField("value")).toString());
    assertEquals(null, back.getField("key"));
    assertEquals(42L, back.getField("offset"));
  }

  static Record store(Table t, int id, String name) {
    Record r = GenericRecord.create(t.schema());
    r.setField("store_id", id);
    r.setField("name", name);
    return r;
  }

  @Test
  void replaceAllAndWalkBackThroughAncestors() {
    Table t = table(StoreTable.NAME);
    try (RecordAppender out = RecordAppender.forTable(t)) {
      out.write(store(t, 0, "online"));
      out.write(store(t, 1, "store_001"));
      Commits.replaceAll(t, out.complete().dataFiles(), Map.of("pos.source-sha256", "aaa"));
    }
    try (RecordAppender out = RecordAppender.forTable(t)) {
      out.write(store(t, 0, "online"));
      out.write(store(t, 1, "store_001"));
      out.write(store(t, 2, "store_002"));
      Commits.replaceAll(t, out.complete().dataFiles(), Map.of("pos.source-sha256", "bbb"));
    }
    // a commit without the property (think: compaction by another engine)
    Commits.append(t, List.of(), Map.of());
    Table reloaded = table(StoreTable.NAME);
    assertEquals(Optional.empty(), SnapshotProperties.current(reloaded, "pos.source-sha256"));
    assertEquals(Optional.of("bbb"), SnapshotProperties.latest(reloaded, "pos.source-sha256"));
    assertEquals(Optional.empty(), SnapshotProperties.latest(reloaded, "pos.nope"));
    List<String> names = TableReader.readAll(reloaded).stream()
        .sorted(Comparator.comparing(r -> (Integer) r.getField("store_id")))
        .map(r -> (String) r.getField("name")).collect(Collectors.toList());
    assertEquals(List.of("online", "store_001", "store_002"), names);
    assertEquals(3, TableReader.of(reloaded).count());
  }

  @Test
  void closingWithoutCompletingDeletesTheFiles() throws Exception {
    Table t = table(StoreTable.NAME);
    RecordAppender out = RecordAppender.forTable(t);
    out.write(store(t, 0, "online"));
    out.close();
    Path data = dir.resolve("warehouse/pos/store/data");
    long files = Files.exists(data) ? Files.walk(data).filter(Files::isRegularFile).count() : 0;
    assertEquals(0, files);
  }

  @Test
  void emptyTableReadsEmpty() {
    assertTrue(TableReader.readAll(table(StoreTable.NAME)).isEmpty());
    assertFalse(SnapshotProperties.latest(table(StoreTable.NAME), "x").isPresent());
    assertEquals(0, SnapshotProperties.totalRecords(table(StoreTable.NAME)));
  }

  @Test
  void tableFilesLiveUnderTheLocalWarehouse() {
    Table t = table(StoreTable.NAME);
    assertTrue(t.location().startsWith(dir.toAbsolutePath().toString()), t.location());
    assertTrue(t.io() instanceof LocalFileIO);
  }
}
