package dev.poslake.activities.etl.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * The values of one optional, top-level binary column of a row group, in row order, as views of the decoded page:
 * no copy per value. PLAIN pages (length-prefixed values) are read straight from the page's bytes through one
 * reused view; other encodings go through Parquet's value readers. Bronze's Kafka values are read this way: the
 * generic reader copied each into a new array and built a record around it.
 */
public final class NullableBinaryColumn {
  private final ColumnDescriptor column;
  private final PageReader pages;
  private final Dictionary dictionary;
  private final int levelWidth;
  private int left;
  /** The definition levels of a v1 page, or of a v2 page; one of them is set. */
  private ValuesReader v1Levels;
  private RunLengthBitPackingHybridDecoder v2Levels;
  /** A PLAIN page's values, and the view handed out for each; null for any other page. */
  private ByteBuffer plain;
  private ByteBuffer view;
  private ValuesReader values;

  public NullableBinaryColumn(PageReadStore rowGroup, ColumnDescriptor column) {
    if (column.getMaxDefinitionLevel() != 1 || column.getMaxRepetitionLevel() != 0
        || column.getPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY) {
      throw new IllegalArgumentException("not an optional top-level binary column: " + column);
    }
    this.column = column;
    this.pages = rowGroup.getPageReader(column);
    this.levelWidth = BytesUtils.getWidthFromMaxInt(column.getMaxDefinitionLevel());
    this.dictionary = PageValues.dictionary(pages, column);
  }

  /** The top-level column {@code name} of a file whose Parquet schema is {@code schema}, in one row group. */
  public static NullableBinaryColumn of(PageReadStore rowGroup, MessageType schema, String name) {
    return new NullableBinaryColumn(rowGroup, schema.getColumnDescription(new String[] {name}));
  }

  /** The next row's value, or null; the buffer is valid until the next call (its contents are not to be changed). */
  public ByteBuffer read() {
    while (left == 0) nextPage(); // while: a page may hold no rows
    left--;
    try {
      int level = v2Levels != null ? v2Levels.readInt() : v1Levels.readInteger();
      if (level == 0) return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (plain == null) return values.readBytes().toByteBuffer();
    int length = plain.getInt();
    int start = plain.position();
    plain.position(start + length);
    return view.limit(start + length).position(start);
  }

  private void nextPage() {
    DataPage page = pages.readPage();
    if (page == null) throw new IllegalStateException("column " + column + " has fewer values than rows");
    try {
      Encoding encoding;
      ByteBufferInputStream data;
      if (page instanceof DataPageV1 v1) {
        data = v1.getBytes().toInputStream(); // no repetition levels: the column is top-level
        v2Levels = null;
        v1Levels = v1.getDlEncoding().getValuesReader(column, ValuesType.DEFINITION_LEVEL);
        v1Levels.initFromPage(page.getValueCount(), data);
        encoding = v1.getValueEncoding();
      } else if (page instanceof DataPageV2 v2) {
        v1Levels = null;
        v2Levels = new RunLengthBitPackingHybridDecoder(levelWidth, v2.getDefinitionLevels().toInputStream());
        data = v2.getData().toInputStream();
        encoding = v2.getDataEncoding();
      } else {
        throw new IllegalStateException("unknown page type " + page.getClass().getName());
      }
      if (encoding == Encoding.PLAIN) {
        values = null;
        plain = data.slice(data.available()).order(ByteOrder.LITTLE_ENDIAN);
        view = plain.duplicate();
      } else {
        plain = null;
        view = null;
        values = PageValues.reader(column, encoding, dictionary, page.getValueCount(), data);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    left = page.getValueCount();
  }
}
