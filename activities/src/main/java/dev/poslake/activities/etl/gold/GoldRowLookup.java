package dev.poslake.activities.etl.gold;

import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.etl.domain.GoldRow;
import dev.poslake.activities.etl.domain.PairKey;
import dev.poslake.activities.etl.io.PageRanges;
import dev.poslake.activities.etl.io.ParquetInputFiles;
import dev.poslake.activities.etl.io.PositionDeleteFiles;
import dev.poslake.activities.etl.io.RequiredColumn;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.BaseDeleteLoader;
import org.apache.iceberg.deletes.PositionDeleteIndex;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Finds a few gold rows and their positions in a store's data files by decoding Parquet pages directly
 * ({@link RequiredColumn}): the item_id of every row, then snapshot_quantity, change_quantity and date_time only at
 * the rows of wanted items, skipping the rest. Why: a merge-on-read merge touching
 * 100 random pairs of a 100,000-row store must locate them in the store's file, and Iceberg's generic reader
 * builds a record (with an OffsetDateTime) for every row — profiled at about a microsecond a row, which made
 * reading all of a 10M-pair gold the whole cost of a merge. Existing position deletes are applied (Iceberg's
 * delete loader); {@link #supports} tells when this cannot be used (other formats, equality deletes, optional
 * columns) and the caller reads with Iceberg's reader instead.
 */
final class GoldRowLookup {
  private static final int STORE = 1;
  private static final int ITEM = 2;
  private static final int[] VALUES = {3, 4, 6}; // snapshot_quantity, change_quantity, date_time
  private static final PrimitiveTypeName[] VALUE_TYPES = {PrimitiveTypeName.INT32, PrimitiveTypeName.INT64,
      PrimitiveTypeName.INT64};
  /** Files up to this size are fetched in one request (a 100,000-row store file is about 0.5 MB). */
  private static final long WHOLE_FILE_BYTES = 16L << 20;

  private final Table gold;
  private final BaseDeleteLoader deleteLoader;
  /** Item ids decoded so far, every row of the pages read: what skipping pages saves shows here. */
  private final LongAdder itemIdsDecoded = new LongAdder();

  GoldRowLookup(Table gold) {
    this.gold = gold;
    this.deleteLoader = new BaseDeleteLoader(d -> gold.io().newInputFile(d.location(), d.fileSizeInBytes()));
    Schema s = gold.schema();
    String[] names = {CurrentInventoryTable.STORE_ID, CurrentInventoryTable.ITEM_ID,
        CurrentInventoryTable.SNAPSHOT_QUANTITY, CurrentInventoryTable.CHANGE_QUANTITY, CurrentInventoryTable.DATE_TIME};
    int[] ids = {STORE, ITEM, VALUES[0], VALUES[1], VALUES[2]};
    for (int i = 0; i < names.length; i++) {
      if (s.findField(names[i]) == null || s.findField(names[i]).fieldId() != ids[i]) {
        throw new IllegalStateException("current_inventory field ids changed: update GoldRowLookup");
      }
    }
  }

  /** Whether the file can be read here: Parquet, and only position deletes apply to it. */
  static boolean supports(DataFile file, List<DeleteFile> deletes) {
    return file.format() == FileFormat.PARQUET
        && deletes.stream().allMatch(d -> d.content() == FileContent.POSITION_DELETES && d.format() == FileFormat.PARQUET);
  }

  /**
   * Adds to {@code out} the live rows of the file whose item is in {@code items}. A small file (merge-on-read's, a
   * few rows) is decoded whole once and then answered from memory ({@link SmallGoldFiles}), like the positions of
   * small delete files. In a large file, row groups whose item_id bounds hold none of the items are skipped
   * undecoded, and so are pages, by the bounds of the file's column index (gold's files are sorted by item and
   * written with small pages: a touch of 10 items in a 100,000-row store decodes about 10 pages of item ids instead
   * of all of them); in what is decoded each row's item is tested against a bitmap, not a boxed set (that look-up
   * was half the CPU of a 10,000-key touch merge over 10M gold rows). A file shared by several stores
   * ({@code oneStore} false: a merge-on-read file of a partition of several stores) has its store_id decoded too,
   * and only the store's rows are added.
   */
  void find(int store, DataFile file, boolean oneStore, List<DeleteFile> deletes, ItemSet items,
      Map<Long, GoldFiles.Located> out) {
    String location = file.location();
    long[] deleted = deletedPositions(location, deletes);
    List<GoldRow> small = SmallGoldFiles.SHARED.rows(location);
    if (small == null && file.recordCount() <= SmallGoldFiles.MAX_ROWS) {
      List<GoldRow> all = new ArrayList<>();
      decode(oneStore ? store : null, file, null, (pos, row) -> all.add(row));
      SmallGoldFiles.SHARED.putRows(location, all);
      small = all;
    }
    if (small != null) {
      for (int pos = 0; pos < small.size(); pos++) {
        GoldRow row = small.get(pos);
        if (row.storeId() == store && items.contains(row.itemId()) && !isDeleted(deleted, pos)) {
          out.put(PairKey.of(store, row.itemId()), new GoldFiles.Located(row, location, pos));
        }
      }
      return;
    }
    decode(oneStore ? store : null, file, items, (pos, row) -> {
      if (row.storeId() == store && !isDeleted(deleted, pos)) {
        out.put(PairKey.of(store, row.itemId()), new GoldFiles.Located(row, location, pos));
      }
    });
  }

  /** Item ids decoded so far by this look-up (all rows of the pages read, wanted or not). */
  long itemIdsDecoded() {
    return itemIdsDecoded.sum();
  }

  /** A row of a file at its position. */
  private interface RowSink {
    void accept(long pos, GoldRow row);
  }

  /**
   * Decodes the file's rows whose item is in {@code items} (all rows when null), in position order; {@code store}
   * is the store of every row, or null when the file's store_id column tells.
   */
  private void decode(Integer store, DataFile file, ItemSet items, RowSink sink) {
    String location = file.location();
    try (ParquetFileReader reader = ParquetFileReader.open(
        ParquetInputFiles.of(gold.io().newInputFile(location, file.fileSizeInBytes()), WHOLE_FILE_BYTES),
        ParquetInputFiles.readOptions())) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      ColumnDescriptor itemId = descriptor(schema, ITEM, PrimitiveTypeName.INT32);
      ColumnDescriptor[] values = new ColumnDescriptor[VALUES.length];
      for (int c = 0; c < VALUES.length; c++) values[c] = descriptor(schema, VALUES[c], VALUE_TYPES[c]);
      ColumnDescriptor storeId = store == null ? descriptor(schema, STORE, PrimitiveTypeName.INT32) : null;
      // store_id is known for a store's own file, current_inventory is snapshot_quantity + change_quantity (a GoldRow
      // invariant, which this pipeline writes; a row another engine edited is replaced by a consistent one): the row
      // groups are read without those columns
      List<Type> wanted = new ArrayList<>();
      for (ColumnDescriptor d : List.of(itemId, values[0], values[1], values[2])) wanted.add(d.getPrimitiveType());
      if (storeId != null) wanted.add(storeId.getPrimitiveType());
      reader.setRequestedSchema(new MessageType(schema.getName(), wanted));
      long rowBase = 0;
      List<BlockMetaData> blocks = reader.getRowGroups();
      for (int b = 0; b < blocks.size(); b++) {
        BlockMetaData block = blocks.get(b);
        int rows = Math.toIntExact(block.getRowCount());
        if (rows == 0 || (items != null && !mayHold(block, itemId, items))) {
          rowBase += rows;
          continue;
        }
        RowRanges ranges = items == null ? null : PageRanges.of(reader, block, itemId,
            (min, max) -> items.anyBetween((int) min, (int) max));
        if (ranges != null && ranges.rowCount() == 0) {
          rowBase += rows;
          continue;
        }
        readRowGroup(store, PageRanges.read(reader, b, ranges), storeId, itemId, values, ranges, rows, items, rowBase,
            sink);
        rowBase += rows;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location, e);
    }
  }

  /**
   * Emits the rows of one row group whose item is wanted (all when {@code items} is null). Kept apart from the
   * file's set-up, and the scan of item ids apart from it: the hot loop is a small method of its own, compiled on its
   * own (as one large method, the compiler spent 2.2 s on it in a fresh worker's first merge).
   */
  private void readRowGroup(Integer store, PageReadStore pages, ColumnDescriptor storeId, ColumnDescriptor itemId,
      ColumnDescriptor[] values, RowRanges ranges, int rows, ItemSet items, long rowBase, RowSink sink) {
    Hits hits = new Hits();
    RequiredColumn itemColumn = new RequiredColumn(pages, itemId);
    if (ranges == null) {
      scan(itemColumn, 0, rows - 1, items, hits);
    } else {
      // the spans of the pages that may hold a wanted item
      for (RowRanges.Range span : ranges.getRanges()) scan(itemColumn, span.from, span.to, items, hits);
    }
    if (hits.n == 0) return;
    long[] snapshot = valuesAt(new RequiredColumn(pages, values[0]), hits.rows, hits.n);
    long[] change = valuesAt(new RequiredColumn(pages, values[1]), hits.rows, hits.n);
    long[] time = valuesAt(new RequiredColumn(pages, values[2]), hits.rows, hits.n);
    long[] stores = storeId == null ? null : valuesAt(new RequiredColumn(pages, storeId), hits.rows, hits.n);
    for (int h = 0; h < hits.n; h++) {
      int rowStore = stores == null ? store : (int) stores[h];
      sink.accept(rowBase + hits.rows[h], new GoldRow(rowStore, hits.items[h], (int) snapshot[h], change[h],
          snapshot[h] + change[h], Timestamps.instantOfMicros(time[h])));
    }
  }

  /** Decodes the item ids of rows {@code from..to} and keeps the rows whose item is wanted (all when null). */
  private void scan(RequiredColumn itemColumn, long from, long to, ItemSet items, Hits hits) {
    itemColumn.seek(from);
    itemIdsDecoded.add(to - from + 1);
    for (long r = from; r <= to; r++) {
      int item = itemColumn.readInt();
      if (items == null || items.contains(item)) hits.add((int) r, item);
    }
  }

  /** The rows of a row group found so far, and their items. */
  private static final class Hits {
    int[] rows = new int[16];
    int[] items = new int[16];
    int n;

    void add(int row, int item) {
      if (n == rows.length) {
        rows = Arrays.copyOf(rows, n * 2);
        items = Arrays.copyOf(items, n * 2);
      }
      rows[n] = row;
      items[n++] = item;
    }
  }

  /**
   * The positions of the data file that the delete files delete, ascending (null without deletes): a small delete
   * file's from memory once read or written here ({@link SmallGoldFiles}), the others loaded by Iceberg's loader.
   */
  private long[] deletedPositions(String dataFile, List<DeleteFile> deletes) {
    if (deletes.isEmpty()) return null;
    List<long[]> parts = new ArrayList<>();
    int total = 0;
    for (DeleteFile d : deletes) {
      long[] positions = SmallGoldFiles.SHARED.deleted(d.location(), dataFile);
      if (positions == null && d.recordCount() <= SmallGoldFiles.MAX_ROWS && d.format() == FileFormat.PARQUET) {
        // a small delete file is read whole once: a partition's shared one applies to each of its stores' files
        Map<String, long[]> whole = PositionDeleteFiles.read(gold, d);
        SmallGoldFiles.SHARED.putDeletes(d.location(), whole);
        positions = whole.getOrDefault(dataFile, new long[0]);
      }
      if (positions == null) {
        PositionDeleteIndex index = deleteLoader.loadPositionDeletes(List.of(d), dataFile);
        LongStream.Builder read = LongStream.builder();
        index.forEach(read::add);
        positions = read.build().sorted().toArray();
      }
      parts.add(positions);
      total += positions.length;
    }
    long[] all = new long[total];
    int at = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    Arrays.sort(all);
    return all;
  }

  private static boolean isDeleted(long[] deleted, long pos) {
    return deleted != null && Arrays.binarySearch(deleted, pos) >= 0;
  }

  /** Whether the row group's item_id bounds (when written) include one of the {@code items}. */
  private static boolean mayHold(BlockMetaData block, ColumnDescriptor itemColumn, ItemSet items) {
    ColumnChunkMetaData chunk = PageRanges.chunkOf(block, itemColumn);
    if (chunk == null || !(chunk.getStatistics() instanceof IntStatistics stats) || !stats.hasNonNullValue()) {
      return true;
    }
    return items.anyBetween(stats.getMin(), stats.getMax());
  }

  /** The column's values at the (ascending) row indexes; ints widened to long. */
  private static long[] valuesAt(RequiredColumn column, int[] hits, int n) {
    long[] out = new long[n];
    for (int h = 0; h < n; h++) {
      column.seek(hits[h]);
      out[h] = column.readIntegral();
    }
    return out;
  }

  /** The column of the field, checked to be required and of the physical type this class decodes. */
  private static ColumnDescriptor descriptor(MessageType schema, int fieldId, PrimitiveTypeName expected) {
    for (Type t : schema.getFields()) {
      if (t.getId() != null && t.getId().intValue() == fieldId) {
        ColumnDescriptor d = schema.getColumnDescription(new String[] {t.getName()});
        if (d.getMaxDefinitionLevel() != 0 || d.getMaxRepetitionLevel() != 0) {
          throw new IllegalStateException("gold column " + t.getName() + " is not required");
        }
        PrimitiveType type = d.getPrimitiveType();
        boolean micros = !(type.getLogicalTypeAnnotation() instanceof TimestampLogicalTypeAnnotation ts)
            || ts.getUnit() == TimeUnit.MICROS;
        if (type.getPrimitiveTypeName() != expected || !micros) {
          throw new IllegalStateException("gold column " + t.getName() + " is " + type + ", expected " + expected
              + " (microseconds for a timestamp): update GoldRowLookup");
        }
        return d;
      }
    }
    throw new IllegalStateException("gold file without field id " + fieldId);
  }
}
