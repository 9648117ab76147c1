package dev.poslake.activities.etl.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;

/** What the column readers ({@link RequiredColumn}, {@link NullableBinaryColumn}) take from Parquet per chunk and page. */
final class PageValues {
  private PageValues() {}

  /** The column chunk's dictionary, or null if it has none; read before the first data page. */
  static Dictionary dictionary(PageReader pages, ColumnDescriptor column) {
    DictionaryPage d = pages.readDictionaryPage();
    try {
      return d == null ? null : d.getEncoding().initDictionary(column, d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parquet's reader of a page's {@code count} values in {@code encoding}, positioned at {@code data}. */
  static ValuesReader reader(ColumnDescriptor column, Encoding encoding, Dictionary dictionary, int count,
      ByteBufferInputStream data) throws IOException {
    ValuesReader values = encoding.usesDictionary()
        ? encoding.getDictionaryBasedValuesReader(column, ValuesType.VALUES, dictionary)
        : encoding.getValuesReader(column, ValuesType.VALUES);
    values.initFromPage(count, data);
    return values;
  }
}
