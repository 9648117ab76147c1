package dev.poslake.ops.tables;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/** Prints rows of an Iceberg table, streaming: the aligned format buffers only its first page of rows. */
public final class TableDump {
  /** Rows used to size the columns of the aligned format; later rows are printed as they come. */
  static final int WIDTH_SAMPLE = 200;

  private TableDump() {}

  /** @return rows printed */
  public static long print(Catalog catalog, TableIdentifier id, TableQuery q, OutputFormat format, PrintStream out)
      throws IOException {
    Table table;
    try {
      table = catalog.loadTable(id);
    } catch (NoSuchTableException e) {
      throw new IllegalArgumentException("no table " + id + " (tables: " + catalog.listTables(id.namespace())
          .stream().map(TableIdentifier::name).sorted().toList() + ")");
    }
    IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table);
    if (q.asOf() != null) {
      Snapshot s = snapshotAsOf(table, q.asOf().toInstant().toEpochMilli());
      if (s == null) {
        throw new IllegalArgumentException("table " + id.name() + " has no snapshot at or before " + q.asOf());
      }
      scan = scan.useSnapshot(s.snapshotId());
    }
    if (q.storeId() != null && table.schema().findField("store_id") == null
        || q.itemId() != null && table.schema().findField("item_id") == null) {
      throw new IllegalArgumentException("table " + id.name() + " has no store_id/item_id column to filter on");
    }
    scan = scan.where(q.filter());
    List<String> columns = table.schema().columns().stream().map(Types.NestedField::name).toList();
    try (CloseableIterable<Record> rows = scan.build()) {
      RowWriter w = switch (format) {
        case TABLE -> new AlignedWriter(columns, out);
        case CSV -> new CsvWriter(columns, out);
        case JSON -> new JsonLinesWriter(columns, out);
      };
      long n = 0;
      for (Record r : rows) {
        if (q.limit() > 0 && n >= q.limit()) break;
        List<Object> values = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) values.add(plain(r.get(i)));
        w.row(values);
        n++;
      }
      w.finish(n);
      return n;
    }
  }

  /** Prints rows that are already in memory (e.g. of the ops commands) in the chosen format. */
  public static void printRows(List<String> columns, List<List<Object>> rows, OutputFormat format, PrintStream out)
      throws IOException {
    RowWriter w = switch (format) {
      case TABLE -> new AlignedWriter(columns, out);
      case CSV -> new CsvWriter(columns, out);
      case JSON -> new JsonLinesWriter(columns, out);
    };
    for (List<Object> r : rows) w.row(r.stream().map(TableDump::plain).toList());
    w.finish(rows.size());
  }

  /** The newest snapshot committed at or before the given time (time travel). */
  static Snapshot snapshotAsOf(Table table, long epochMillis) {
    Snapshot best = null;
    for (Snapshot s : table.snapshots()) {
      if (s.timestampMillis() <= epochMillis && (best == null || s.timestampMillis() >= best.timestampMillis())) {
        best = s;
      }
    }
    return best;
  }

  /**
   * Times in one fixed ISO-8601 form, UTC, always with seconds and milliseconds ({@code 2026-12-01T19:49:00.000Z}):
   * {@code toString()} drops zero seconds ({@code 19:49Z}), which breaks string sorting and fixed-width parsing.
   */
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  /** Values as people read them: bytes as UTF-8 text, times in {@link #TIME}'s form. */
  static Object plain(Object v) {
    if (v instanceof ByteBuffer b) {
      ByteBuffer d = b.duplicate();
      byte[] bytes = new byte[d.remaining()];
      d.get(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (v instanceof OffsetDateTime t) return TIME.format(t);
    if (v instanceof Instant t) return TIME.format(t);
    if (v instanceof LocalDateTime t) return TIME.format(t.atOffset(ZoneOffset.UTC));
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) return v;
    return v.toString();
  }

  interface RowWriter {
    void row(List<Object> values) throws IOException;

    void finish(long rows) throws IOException;
  }

  static final class AlignedWriter implements RowWriter {
    private final List<String> columns;
    private final PrintStream out;
    private final List<List<String>> sample = new ArrayList<>();
    private int[] widths;

    AlignedWriter(List<String> columns, PrintStream out) {
      this.columns = columns;
      this.out = out;
    }

    @Override
    public void row(List<Object> values) {
      List<String> cells = values.stream().map(v -> v == null ? "" : v.toString()).toList();
      if (widths != null) {
        print(cells);
        return;
      }
      sample.add(cells);
      if (sample.size() >= WIDTH_SAMPLE) flushSample();
    }

    private void flushSample() {
      widths = new int[columns.size()];
      for (int i = 0; i < widths.length; i++) widths[i] = columns.get(i).length();
      for (List<String> r : sample) {
        for (int i = 0; i < widths.length; i++) widths[i] = Math.min(60, Math.max(widths[i], r.get(i).length()));
      }
      print(columns);
      StringBuilder rule = new StringBuilder();
      for (int i = 0; i < widths.length; i++) rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
      out.println(rule);
      sample.forEach(this::print);
      sample.clear();
    }

    private void print(List<String> cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String c = cells.get(i);
        if (c.length() > widths[i]) c = c.substring(0, widths[i] - 1) + "…";
        line.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", c));
      }
      out.println(line.toString().stripTrailing());
    }

    @Override
    public void finish(long rows) {
      if (widths == null) flushSample();
      out.println("(" + rows + " row" + (rows == 1 ? "" : "s") + ")");
    }
  }

  static final class CsvWriter implements RowWriter {
    private final com.fasterxml.jackson.databind.SequenceWriter writer;

    CsvWriter(List<String> columns, PrintStream out) throws IOException {
      CsvMapper mapper = new CsvMapper();
      CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(false);
      columns.forEach(schema::addColumn);
      mapper.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      writer = mapper.writer(schema.build()).writeValues(out);
      // the header as a row of its own: Jackson writes its header only with the first row, an empty table got none
      writer.write(columns);
    }

    @Override
    public void row(List<Object> values) throws IOException {
      writer.write(values);
    }

    @Override
    public void finish(long rows) throws IOException {
      writer.flush();
    }
  }

  static final class JsonLinesWriter implements RowWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> columns;
    private final PrintStream out;

    JsonLinesWriter(List<String> columns, PrintStream out) {
      this.columns = columns;
      this.out = out;
    }

    @Override
    public void row(List<Object> values) {
      var node = JSON.createObjectNode();
      for (int i = 0; i < columns.size(); i++) node.putPOJO(columns.get(i), values.get(i));
      try {
        out.println(JSON.writeValueAsString(node));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void finish(long rows) {
      out.flush();
    }
  }
}
