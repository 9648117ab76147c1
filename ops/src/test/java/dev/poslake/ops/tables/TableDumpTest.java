package dev.poslake.ops.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.catalog.LocalCatalog;
import dev.poslake.catalog.io.Commits;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.PipelineRunsTable;
import dev.poslake.catalog.tables.PosTables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pos table` output: one fixed timestamp form in csv and json, and a csv header even without rows. */
class TableDumpTest {
  static final Namespace NS = Namespace.of("pos");
  static final TableIdentifier RUNS = TableIdentifier.of(NS, PipelineRunsTable.NAME);

  @TempDir Path dir;
  Catalog catalog;

  @BeforeEach
  void setUp() {
    catalog = LocalCatalog.open(dir);
    PosTables.ensureAll(catalog, NS);
  }

  String dump(OutputFormat format) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TableDump.print(catalog, RUNS, new TableQuery(PipelineRunsTable.NAME, null, null, null, 0), format,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anEmptyTablePrintsItsCsvHeader() throws Exception {
    List<String> lines = dump(OutputFormat.CSV).lines().toList();
    assertEquals(1, lines.size(), lines.toString());
    assertEquals(String.join(",", PipelineRunsTable.SCHEMA.columns().stream().map(c -> c.name()).toList()),
        lines.get(0));
    assertEquals("", dump(OutputFormat.JSON));
  }

  @Test
  void timestampsHaveOneFixedFormWithSecondsAndMilliseconds() throws Exception {
    Table t = catalog.loadTable(RUNS);
    GenericRecord r = GenericRecord.create(t.schema());
    r.setField(PipelineRunsTable.RUN_ID, "r");
    r.setField(PipelineRunsTable.WORKFLOW_ID, "w");
    r.setField(PipelineRunsTable.KIND, "etl");
    r.setField(PipelineRunsTable.STATUS, "succeeded");
    r.setField(PipelineRunsTable.STARTED_AT, OffsetDateTime.of(2026, 12, 1, 19, 49, 0, 0, ZoneOffset.UTC));
    r.setField(PipelineRunsTable.FINISHED_AT, OffsetDateTime.of(2026, 12, 1, 19, 49, 7, 123_000_000,
        ZoneOffset.ofHours(2)));
    try (RecordAppender out = RecordAppender.forTable(t)) {
      out.write(r);
      Commits.append(t, out.complete().dataFiles(), Map.of());
    }
    String csv = dump(OutputFormat.CSV);
    assertEquals(true, csv.contains(",2026-12-01T19:49:00.000Z,2026-12-01T17:49:07.123Z,"), csv);
    String json = dump(OutputFormat.JSON);
    assertEquals(true, json.contains("\"started_at\":\"2026-12-01T19:49:00.000Z\""), json);
    assertEquals(true, dump(OutputFormat.TABLE).contains("2026-12-01T19:49:00.000Z"));
  }
}
