package dev.poslake.activities.etl.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The rows of a row group whose pages may hold wanted values of an integer column (32 or 64 bits, timestamps
 * included), from the file's page index (column index: each page's min and max; offset index: each page's first
 * row): what a filtered read of the row group ({@link ParquetFileReader#readFilteredRowGroup}) returns, every
 * column's pages that overlap them.
 */
public final class PageRanges {
  private PageRanges() {}

  /** Whether a page whose values lie in [min, max] may hold a wanted value. */
  @FunctionalInterface
  public interface Bounds {
    boolean mayHold(long min, long max);
  }

  /**
   * The rows of the pages of {@code column} whose bounds {@code wanted} accepts; null when the file has no page index
   * for the column or every page qualifies (read the whole row group then). An empty result means no page does.
   */
  public static RowRanges of(ParquetFileReader reader, BlockMetaData block, ColumnDescriptor column,
      Bounds wanted) throws IOException {
    ColumnChunkMetaData chunk = chunkOf(block, column);
    if (chunk == null) return null;
    OffsetIndex offsets = reader.readOffsetIndex(chunk);
    ColumnIndex index = reader.readColumnIndex(chunk);
    if (offsets == null || index == null) return null;
    boolean int64 = column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT64;
    List<Boolean> nullPages = index.getNullPages();
    List<ByteBuffer> mins = index.getMinValues();
    List<ByteBuffer> maxs = index.getMaxValues();
    int[] pages = new int[offsets.getPageCount()];
    int n = 0;
    for (int p = 0; p < offsets.getPageCount(); p++) {
      if (nullPages.get(p)) continue; // a required column has none; nothing to find in one anyway
      ByteBuffer lo = mins.get(p).order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer hi = maxs.get(p).order(ByteOrder.LITTLE_ENDIAN);
      long min = int64 ? lo.getLong(0) : lo.getInt(0);
      long max = int64 ? hi.getLong(0) : hi.getInt(0);
      if (wanted.mayHold(min, max)) pages[n++] = p;
    }
    if (n == offsets.getPageCount()) return null;
    return org.apache.parquet.internal.filter2.columnindex.RowRanges.create(block.getRowCount(),
        Arrays.stream(pages, 0, n).iterator(), offsets);
  }

  /**
   * Row group {@code block}: the pages overlapping {@code ranges}, or all of it when {@code ranges} is null or a
   * column has no offset index (a file another writer wrote; this pipeline's writers index every column). Its pages
   * carry their first row, for {@link RequiredColumn#seek}.
   */
  public static PageReadStore read(ParquetFileReader reader, int block, RowRanges ranges) throws IOException {
    if (ranges == null) return reader.readRowGroup(block);
    try {
      return reader.readFilteredRowGroup(block, ranges);
    } catch (ColumnIndexStore.MissingOffsetIndexException e) {
      return reader.readRowGroup(block);
    }
  }

  /** The chunk of {@code column} in the row group, or null. */
  public static ColumnChunkMetaData chunkOf(BlockMetaData block, ColumnDescriptor column) {
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      if (Arrays.equals(chunk.getPath().toArray(), column.getPath())) return chunk;
    }
    return null;
  }
}
