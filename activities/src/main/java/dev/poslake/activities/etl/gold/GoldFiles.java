package dev.poslake.activities.etl.gold;

import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.domain.PairKey;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * The live files of the gold stores a merge touches, as of the gold snapshot it started from (planned once,
 * from metadata), and the store's rows read with their position ({@code _file}, {@code _pos} metadata columns):
 * what a merge-on-read commit needs to delete an old row. The read applies existing delete files.
 */
final class GoldFiles {
  /** A gold row and where it lives. */
  record Located(GoldRow row, String file, long pos) {}

  /** One store's live data files, the delete files applying to them, and which apply to which data file. */
  record StoreFiles(List<DataFile> data, List<DeleteFile> deletes, Map<String, List<DeleteFile>> deletesOf) {
    /** Live rows: data rows minus deleted positions (gold never deletes a position twice). */
    long liveRows() {
      long n = 0;
      for (DataFile f : data) n += f.recordCount();
      for (DeleteFile f : deletes) n -= f.recordCount();
      return n;
    }
  }

  private static final StoreFiles NONE = new StoreFiles(List.of(), List.of(), Map.of());

  private record AtSnapshot(String table, long id) {}

  /**
   * Live files per store, shared by the buckets of a run, which start from the same gold snapshot: each scanned all
   * of gold's manifests for its own stores (about 0.2 s each, 8 at once on 2 cores, at 100 stores). Read-only.
   */
  private static final SharedPlans<AtSnapshot, Map<Integer, StoreFiles>> LIVE_FILES = new SharedPlans<>(4);

  private final Table gold;
  private final Long snapshotId;
  private final Map<Integer, StoreFiles> byStore = new HashMap<>();
  private final Schema projection;
  private final GoldRowLookup lookup;

  private GoldFiles(Table gold, Long snapshotId) {
    this.gold = gold;
    this.snapshotId = snapshotId;
    List<Types.NestedField> columns = new ArrayList<>(gold.schema().columns());
    columns.add(MetadataColumns.FILE_PATH);
    columns.add(MetadataColumns.ROW_POSITION);
    this.projection = new Schema(columns);
    this.lookup = new GoldRowLookup(gold);
  }

  static GoldFiles plan(Table gold, Long snapshotId, Collection<Integer> stores) {
    GoldFiles g = new GoldFiles(gold, snapshotId);
    if (snapshotId == null || stores.isEmpty()) return g;
    Map<Integer, StoreFiles> all = LIVE_FILES.get(new AtSnapshot(gold.location(), snapshotId),
        () -> liveFiles(gold, snapshotId));
    for (int store : stores) {
      StoreFiles files = all.get(store);
      if (files != null) g.byStore.put(store, files);
    }
    return g;
  }

  /** Every store's live files as of the snapshot, from one scan of its manifests. */
  private static Map<Integer, StoreFiles> liveFiles(Table gold, long snapshotId) {
    Map<Integer, Map<String, DataFile>> data = new HashMap<>();
    Map<Integer, Map<String, DeleteFile>> deletes = new HashMap<>();
    Map<Integer, Map<String, List<DeleteFile>>> deletesOf = new HashMap<>();
    try (CloseableIterable<FileScanTask> tasks = gold.newScan().useSnapshot(snapshotId).planFiles()) {
      for (FileScanTask t : tasks) {
        int store = t.file().partition().get(0, Integer.class);
        data.computeIfAbsent(store, s -> new LinkedHashMap<>()).put(t.file().location(), t.file().copy());
        List<DeleteFile> applying = new ArrayList<>();
        for (DeleteFile d : t.deletes()) {
          applying.add(d.copy());
          deletes.computeIfAbsent(store, s -> new LinkedHashMap<>()).putIfAbsent(d.location(), d.copy());
        }
        deletesOf.computeIfAbsent(store, s -> new HashMap<>()).put(t.file().location(), List.copyOf(applying));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<Integer, StoreFiles> out = new HashMap<>();
    data.forEach((store, files) -> out.put(store, new StoreFiles(List.copyOf(files.values()),
        List.copyOf(deletes.getOrDefault(store, Map.of()).values()), Map.copyOf(deletesOf.get(store)))));
    return out;
  }

  StoreFiles of(int store) {
    return byStore.getOrDefault(store, NONE);
  }

  /**
   * The store's live rows of the given pairs, by pair key: located by decoding Parquet columns directly
   * ({@link GoldRowLookup}) where it can, else like {@link #read}.
   */
  Map<Long, Located> find(int store, Set<Long> pairs) {
    StoreFiles files = of(store);
    boolean direct = files.data().stream()
        .allMatch(f -> GoldRowLookup.supports(f, files.deletesOf().getOrDefault(f.location(), List.of())));
    if (!direct) return read(store, pairs::contains);
    ItemSet items = ItemSet.of(pairs.stream().mapToInt(PairKey::itemId).toArray());
    Map<Long, Located> rows = new HashMap<>();
    for (DataFile f : files.data()) {
      lookup.find(store, f, files.deletesOf().getOrDefault(f.location(), List.of()), items, rows);
    }
    return rows;
  }

  /** The store's live rows whose pair key passes {@code keep}, by pair key (Iceberg's generic reader). */
  Map<Long, Located> read(int store, LongPredicate keep) {
    Map<Long, Located> rows = new HashMap<>();
    if (snapshotId == null || of(store).data().isEmpty()) return rows;
    try (CloseableIterable<Record> records = IcebergGenerics.read(gold).useSnapshot(snapshotId)
        .where(Expressions.equal(CurrentInventoryTable.STORE_ID, store)).project(projection).build()) {
      for (Record r : records) {
        long key = PairKey.of(store, (Integer) r.getField(CurrentInventoryTable.ITEM_ID));
        if (!keep.test(key)) continue;
        rows.put(key, new Located(GoldRecords.gold(r), r.getField(MetadataColumns.FILE_PATH.name()).toString(),
            (Long) r.getField(MetadataColumns.ROW_POSITION.name())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }
}
