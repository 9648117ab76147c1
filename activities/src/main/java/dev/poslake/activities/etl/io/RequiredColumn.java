package dev.poslake.activities.etl.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The values of one required, non-repeated column of a row group, in row order, decoded page by page with
 * Parquet's value readers. Such a column has no level data, so each value is a row; skipping runs of rows costs
 * no per-value bookkeeping (Parquet's record-level {@code ColumnReader} spent about 300 ns a value skipping the
 * rows between a gold lookup's hits).
 */
public final class RequiredColumn {
  private final ColumnDescriptor column;
  private final PageReader pages;
  private final Dictionary dictionary;
  private final boolean int64;
  private final int plainWidth;
  private ValuesReader values;
  /** A PLAIN page of 32/64-bit values, read straight from its bytes; null for any other page. */
  private ByteBuffer plain;
  /** The ids of a dictionary-encoded page ({@link DictionaryIds}) and the next one's index; null for others. */
  private int[] ids;
  private int[] idBuffer = new int[0];
  private int next;
  /** The dictionary's values decoded once (32/64-bit columns). */
  private final int[] dictionaryInts;
  private final long[] dictionaryLongs;
  /** Whether this column's dictionary pages go through {@link DictionaryIds}: 32/64-bit and binary columns. */
  private final boolean idsDecoded;
  private int left;
  /** The current page's first row (within the row group) and its number of values. */
  private long pageFirst;
  private int pageCount;

  public RequiredColumn(PageReadStore rowGroup, ColumnDescriptor column) {
    if (column.getMaxDefinitionLevel() != 0 || column.getMaxRepetitionLevel() != 0) {
      throw new IllegalArgumentException("not a required top-level column: " + column);
    }
    this.column = column;
    this.pages = rowGroup.getPageReader(column);
    PrimitiveTypeName type = column.getPrimitiveType().getPrimitiveTypeName();
    this.int64 = type == PrimitiveTypeName.INT64;
    this.plainWidth = type == PrimitiveTypeName.INT64 ? 8 : type == PrimitiveTypeName.INT32 ? 4 : 0;
    this.dictionary = PageValues.dictionary(pages, column);
    int[] ints = null;
    long[] longs = null;
    if (dictionary != null && type == PrimitiveTypeName.INT32) {
      ints = new int[dictionary.getMaxId() + 1];
      for (int i = 0; i < ints.length; i++) ints[i] = dictionary.decodeToInt(i);
    } else if (dictionary != null && int64) {
      longs = new long[dictionary.getMaxId() + 1];
      for (int i = 0; i < longs.length; i++) longs[i] = dictionary.decodeToLong(i);
    }
    this.dictionaryInts = ints;
    this.dictionaryLongs = longs;
    this.idsDecoded = dictionary != null
        && (dictionaryInts != null || dictionaryLongs != null || type == PrimitiveTypeName.BINARY);
  }

  /** The top-level column {@code name} of a file whose Parquet schema is {@code schema}, in one row group. */
  public static RequiredColumn of(PageReadStore rowGroup, MessageType schema, String name) {
    return new RequiredColumn(rowGroup, schema.getColumnDescription(new String[] {name}));
  }

  public int readInt() {
    while (left == 0) nextPage(); // while: a page may hold no values
    left--;
    if (ids != null) return dictionaryInts[ids[next++]];
    return plain != null ? plain.getInt() : values.readInteger();
  }

  public long readLong() {
    while (left == 0) nextPage();
    left--;
    if (ids != null) return dictionaryLongs[ids[next++]];
    return plain != null ? plain.getLong() : values.readLong();
  }

  /** The next value of a binary (string) column; values from a dictionary are the dictionary's own instances. */
  public Binary readBinary() {
    while (left == 0) nextPage();
    left--;
    return ids != null ? dictionary.decodeToBinary(ids[next++]) : values.readBytes();
  }

  /** Reads the next value as a long, whether the column holds 32- or 64-bit integers. */
  public long readIntegral() {
    return int64 ? readLong() : readInt();
  }

  public void skip(int rows) {
    while (rows > 0) {
      if (left == 0) nextPage();
      int n = Math.min(rows, left);
      if (ids != null) next += n;
      else if (plain != null) plain.position(plain.position() + n * plainWidth);
      else values.skip(n);
      left -= n;
      rows -= n;
    }
  }

  /**
   * Moves to row {@code row} of the row group (not before the next one), so that the next read returns its value.
   * Pages that end before it are passed over: a filtered row group's page reader returns only some pages, each with
   * its first row index (from the file's offset index); without one a page follows the previous page.
   */
  public void seek(long row) {
    while (left == 0 || row >= pageFirst + pageCount) {
      nextPage();
      if (row < pageFirst) {
        throw new IllegalStateException("row " + row + " of column " + column + " is not in the pages read");
      }
    }
    long at = pageFirst + pageCount - left;
    if (row < at) throw new IllegalArgumentException("row " + row + " is before the next row " + at);
    skip(Math.toIntExact(row - at));
  }

  private void nextPage() {
    DataPage page = pages.readPage();
    if (page == null) throw new IllegalStateException("column " + column + " has fewer values than rows");
    pageFirst = page.getFirstRowIndex().orElse(pageFirst + pageCount);
    pageCount = page.getValueCount();
    Encoding encoding;
    ByteBufferInputStream data;
    try {
      if (page instanceof DataPageV1 v1) {
        encoding = v1.getValueEncoding();
        data = v1.getBytes().toInputStream(); // no level data: the column is required and top-level
      } else if (page instanceof DataPageV2 v2) {
        encoding = v2.getDataEncoding();
        data = v2.getData().toInputStream();
      } else {
        throw new IllegalStateException("unknown page type " + page.getClass().getName());
      }
      ids = null;
      if (encoding.usesDictionary() && idsDecoded) {
        plain = null;
        values = null;
        idBuffer = DictionaryIds.decode(data.slice(data.available()), page.getValueCount(), idBuffer);
        ids = idBuffer;
        next = 0;
      } else if (encoding == Encoding.PLAIN && plainWidth > 0) {
        // Parquet's plain reader goes through a DataInputStream, one readFully per value: the top frames of
        // reading recount and silver files
        plain = data.slice(page.getValueCount() * plainWidth).order(ByteOrder.LITTLE_ENDIAN);
        values = null;
      } else {
        plain = null;
        values = PageValues.reader(column, encoding, dictionary, page.getValueCount(), data);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    left = page.getValueCount();
  }
}
