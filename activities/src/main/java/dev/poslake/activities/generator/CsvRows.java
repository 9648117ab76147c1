package dev.poslake.activities.generator;

import dev.poslake.activities.contracts.CsvFields;
import dev.poslake.activities.contracts.CsvLineReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streams a headed CSV file (CRLF or LF, optional BOM, blank lines skipped) as rows keyed by lower-case column
 * name, with the pipeline's one CSV tokenizer ({@link CsvLineReader}, {@link CsvFields}), the one the ETL reads
 * recount files with.
 */
final class CsvRows {
  /** Demo files have a handful of columns and short lines. */
  private static final int MAX_COLUMNS = 64;
  private static final int MAX_LINE_BYTES = 1 << 20;

  private CsvRows() {}

  /** A row: named values plus its line number, for error messages. */
  record Row(Path file, long line, Map<String, String> values) {
    String get(String column) {
      String v = values.get(column);
      if (v == null || v.isEmpty()) throw error("missing " + column);
      return v;
    }

    int getInt(String column) {
      try {
        return Integer.parseInt(get(column));
      } catch (NumberFormatException e) {
        throw error("not an integer " + column + "='" + values.get(column) + "'");
      }
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException(file + " line " + line + ": " + what);
    }
  }

  static void forEach(Path file, Consumer<Row> consumer) {
    try (InputStream in = Files.newInputStream(file); CsvLineReader lines = new CsvLineReader(in, MAX_LINE_BYTES)) {
      CsvFields fields = new CsvFields(MAX_COLUMNS);
      String[] names = null;
      long line = 0;
      while (lines.next()) {
        line++;
        if (lines.tooLong()) throw new IllegalArgumentException(file + " line " + line + ": longer than "
            + MAX_LINE_BYTES + " bytes");
        int n = fields.split(lines.buffer(), lines.start(), lines.end());
        if (n == 1 && fields.start(0) == fields.end(0)) continue; // blank line
        if (n > MAX_COLUMNS) throw new IllegalArgumentException(file + " line " + line + ": more than " + MAX_COLUMNS
            + " columns");
        if (names == null) {
          names = new String[n];
          for (int i = 0; i < n; i++) {
            names[i] = fields.text(i).replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
          }
          continue;
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < Math.min(n, names.length); i++) row.put(names[i], fields.text(i));
        consumer.accept(new Row(file, line, row));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
