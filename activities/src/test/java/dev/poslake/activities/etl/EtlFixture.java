package dev.poslake.activities.etl;

import dev.poslake.activities.contracts.RecountFileKey;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.domain.ChangeRow;
import dev.poslake.activities.etl.snapshot.SnapshotIngest;
import dev.poslake.activities.etl.snapshot.SnapshotRecords;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.io.Commits;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A fresh Iceberg namespace (so test methods sharing one stack don't see each other's tables), an empty
 * {@code inventory_snapshots/} prefix, the seed reference files with stores 0..3, and helpers to upload recount
 * CSVs and append silver rows directly (so these tests don't depend on the bronze/silver steps).
 */
public final class EtlFixture implements Closeable {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  public final PipelineResources res;
  private long offset;

  public EtlFixture(PosConfig config) {
    String ns = "t" + SEQ.incrementAndGet() + "_" + System.nanoTime() % 100_000;
    res = PipelineResources.open(config.with(Map.of(PosSettings.ICEBERG_NAMESPACE.key(), ns)));
    PosTables.ensureAll(res.catalog(), res.namespace());
    ReferenceTables.of(res).ensureUploaded(3);
    var s3 = res.objectStore();
    s3.list(SnapshotIngest.PREFIX).forEach(o -> s3.s3().deleteObject(r -> r.bucket(s3.bucket()).key(o.key())));
  }

  public Table table(String name) {
    Table t = res.catalog().loadTable(res.table(name));
    t.refresh();
    return t;
  }

  public static String csvTime(Instant t) {
    return CSV_TIME.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  /** A recount CSV line. */
  public static String line(int item, int store, Instant t, int qty) {
    return item + ",7," + store + "," + csvTime(t) + "," + qty;
  }

  /** Uploads a recount file under the canonical key for (store, time); returns the key. */
  public String uploadCsv(int store, Instant t, List<String> lines) {
    String key = RecountFileKey.of(store, t);
    upload(key, lines);
    return key;
  }

  public void upload(String key, List<String> lines) {
    String body = "item_id,employee_id,store_id,date_time,quantity\r\n" + String.join("\r\n", lines) + "\r\n";
    res.objectStore().put(key, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends silver rows in one append commit (like a silver step would). */
  public void appendChanges(List<ChangeRow> changes) {
    Table t = table(InventoryChangeTable.NAME);
    Instant now = Instant.now();
    try (RecordAppender out = RecordAppender.forTable(t)) {
      int line = 0;
      String trans = UUID.randomUUID().toString();
      for (ChangeRow c : changes) {
        Record r = GenericRecord.create(t.schema());
        r.setField(InventoryChangeTable.TRANS_ID, trans);
        r.setField(InventoryChangeTable.STORE_ID, c.storeId());
        r.setField(InventoryChangeTable.DATE_TIME, SnapshotRecords.utc(c.dateTime()));
        r.setField(InventoryChangeTable.CHANGE_TYPE_ID, c.changeTypeId());
        r.setField(InventoryChangeTable.ITEM_ID, c.itemId());
        r.setField(InventoryChangeTable.QUANTITY, c.quantity());
        r.setField(InventoryChangeTable.PART, 0);
        r.setField(InventoryChangeTable.PARTS, 1);
        r.setField(InventoryChangeTable.LINE, line++);
        r.setField(InventoryChangeTable.SOURCE_PARTITION, 0);
        r.setField(InventoryChangeTable.SOURCE_OFFSET, offset++);
        r.setField(InventoryChangeTable.INGESTED_AT, SnapshotRecords.utc(now));
        out.write(r);
      }
      Commits.append(t, out.complete().dataFiles(), Map.of("pos.test.append", "true"));
    }
  }

  /** Rewrites every silver data file into new ones in a REPLACE commit, like a compaction. */
  public void compactSilver() {
    Table t = table(InventoryChangeTable.NAME);
    List<DataFile> old = new ArrayList<>();
    try (CloseableIterable<org.apache.iceberg.FileScanTask> tasks = t.newScan().planFiles()) {
      tasks.forEach(task -> old.add(task.file()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (old.isEmpty()) return;
    List<Record> rows = TableReader.readAll(t);
    try (RecordAppender out = RecordAppender.forTable(t)) {
      rows.forEach(out::write);
      var rewrite = t.newRewrite();
      old.forEach(rewrite::deleteFile);
      out.complete().dataFiles().forEach(rewrite::addFile);
      rewrite.commit();
    }
  }

  public static ChangeRow change(int store, int item, Instant t, int type, int qty) {
    return new ChangeRow(store, item, t, type, qty);
  }

  @Override
  public void close() throws IOException {
    res.close();
  }
}
