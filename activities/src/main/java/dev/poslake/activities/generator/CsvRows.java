package dev.poslake.activities.generator;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Streams a headed CSV file (CRLF or LF, optional BOM) as rows keyed by lower-case column name. */
final class CsvRows {
  private static final CsvMapper MAPPER = new CsvMapper().enable(CsvParser.Feature.TRIM_SPACES)
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES);

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
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    try (MappingIterator<Map<String, String>> it =
        MAPPER.readerFor(Map.class).with(schema).readValues(file.toFile())) {
      while (it.hasNext()) {
        Map<String, String> raw = it.next();
        Map<String, String> row = new HashMap<>();
        raw.forEach((k, v) -> row.put(k.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT), v));
        consumer.accept(new Row(file, it.getCurrentLocation().getLineNr(), row));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
