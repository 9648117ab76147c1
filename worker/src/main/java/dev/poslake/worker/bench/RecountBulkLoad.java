package dev.poslake.worker.bench;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.contracts.RecountFileKey;
import dev.poslake.activities.etl.snapshot.SnapshotSummaryKeys;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.catalog.io.TableReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The bench's shortcut for loading many recounts: the rows a recount of every item of stores [from, to] would leave
 * in {@code latest_inventory_snapshot} (what gold reads), written straight into it, store by store, in one commit
 * that carries the upsert marker. Why: through the snapshot step a 100k-row recount file costs about a second (its
 * CSV, about ten commits, the store's latest rewrite), so 1,000 stores would take a quarter of an hour on an idle
 * machine and much more on a busy one; the bench measures that cost on a sample of real files instead.
 *
 * <p>What it leaves out: the history table {@code inventory_snapshot} gets only an empty commit naming the stores
 * (the marker must point at one of its snapshots), not the rows, and the ledger gets nothing (there is no file).
 * Gold's next merge finds no per-file summary for that commit and recomputes every store (full mode), which costs
 * what a first merge from nothing costs.
 */
final class RecountBulkLoad {
  private RecountBulkLoad() {}

  /** Writes the recounts; returns the rows written. */
  static long load(PipelineResources res, int fromStore, int toStore, int[] items, Instant at, Random rnd) {
    Table snapshots = res.catalog().loadTable(res.table(InventorySnapshotTable.NAME));
    Table latest = res.catalog().loadTable(res.table(LatestInventorySnapshotTable.NAME));
    Schema schema = latest.schema();
    int store = position(schema, LatestInventorySnapshotTable.STORE_ID);
    int item = position(schema, LatestInventorySnapshotTable.ITEM_ID);
    int employee = position(schema, LatestInventorySnapshotTable.EMPLOYEE_ID);
    int dateTime = position(schema, LatestInventorySnapshotTable.DATE_TIME);
    int quantity = position(schema, LatestInventorySnapshotTable.QUANTITY);
    int sourceFile = position(schema, LatestInventorySnapshotTable.SOURCE_FILE);
    int sourceLine = position(schema, LatestInventorySnapshotTable.SOURCE_LINE);
    OffsetDateTime time = at.atOffset(ZoneOffset.UTC);
    GenericRecord template = GenericRecord.create(schema);
    long rows = 0;
    StringJoiner stores = new StringJoiner(",");
    Set<Integer> existing = storesWithRows(latest);
    // items ascending per store, stores ascending: the clustered writer closes one file per store partition
    try (RecordAppender out = RecordAppender.clustered(latest)) {
      for (int s = fromStore; s <= toStore; s++) {
        String key = RecountFileKey.of(s, at);
        TreeMap<Integer, Record> rowsOf = new TreeMap<>();
        if (existing.contains(s)) {
          // a recount supersedes the pairs it counts; the store's other pairs keep their latest row
          TableReader.of(latest).where(Expressions.equal(LatestInventorySnapshotTable.STORE_ID, s))
              .forEach(r -> rowsOf.put((Integer) r.get(item), r.copy()));
        }
        for (int i = 0; i < items.length; i++) {
          GenericRecord r = template.copy();
          r.set(store, s);
          r.set(item, items[i]);
          r.set(employee, 1000 + s);
          r.set(dateTime, time);
          r.set(quantity, rnd.nextInt(200));
          r.set(sourceFile, key);
          r.set(sourceLine, (long) i + 2);
          if (rowsOf.isEmpty()) out.write(r); else rowsOf.put(items[i], r);
          rows++;
        }
        rowsOf.values().forEach(out::write);
        stores.add(Integer.toString(s));
      }
      RecordAppender.Result written = out.complete();
      // the history table's commit the marker points at (no rows: see the class comment)
      snapshots.newAppend().set(SnapshotSummaryKeys.STORES, stores.toString()).commit();
      snapshots.refresh();
      OverwriteFiles overwrite = latest.newOverwrite().overwriteByRowFilter(Expressions.and(
          Expressions.greaterThanOrEqual(LatestInventorySnapshotTable.STORE_ID, fromStore),
          Expressions.lessThanOrEqual(LatestInventorySnapshotTable.STORE_ID, toStore)));
      written.dataFiles().forEach(overwrite::addFile);
      overwrite.set(SnapshotSummaryKeys.LATEST_FOLDED_UPTO, Long.toString(snapshots.currentSnapshot().snapshotId()))
          .set(SnapshotSummaryKeys.LATEST_CHANGED_PAIRS, Long.toString(rows)).commit();
    }
    return rows;
  }

  /** The stores that have latest rows already (from the partitions of the current files; no data file is read). */
  private static Set<Integer> storesWithRows(Table latest) {
    Set<Integer> stores = new HashSet<>();
    if (latest.currentSnapshot() == null) return stores;
    try (CloseableIterable<FileScanTask> tasks = latest.newScan().planFiles()) {
      for (FileScanTask t : tasks) stores.add(t.file().partition().get(0, Integer.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return stores;
  }

  private static int position(Schema schema, String column) {
    return schema.columns().indexOf(schema.findField(column));
  }
}
