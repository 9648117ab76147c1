package dev.poslake.ops.runs;

import static dev.poslake.catalog.tables.PipelineRunsTable.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.LocalCatalog;
import dev.poslake.catalog.io.Commits;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.ops.metrics.PipelineMetrics;
import dev.poslake.ops.metrics.RunLogMetrics;
import dev.poslake.ops.web.RunView;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ops page's runs and the run metrics, read from a real pipeline_runs table as it grows. */
class RunLogFeedTest {
  static final Namespace NS = Namespace.of("pos");
  static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 25, 10, 0, 0, 0, ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void runsAndMetricsFollowTheTableEveryRowCountedOnce() {
    Catalog catalog = LocalCatalog.open(dir);
    PosTables.ensureAll(catalog, NS);
    Table table = catalog.loadTable(TableIdentifier.of(NS, NAME));
    List<RunRow> fed = new ArrayList<>();
    try (PipelineMetrics metrics = new PipelineMetrics()) {
      RunLogMetrics runMetrics = new RunLogMetrics(metrics);
      RunLogFeed feed = new RunLogFeed(table, row -> {
        fed.add(row);
        runMetrics.accept(row);
      });
      feed.poll();
      assertEquals(List.of(), feed.recent(10));

      // an ETL run in flight: two steps written so far
      append(table, row("r1", "etl", "bronze", 0, 2, 100L, 100L, null, null),
          row("r1", "etl", "silver", 2, 3, 100L, 290L, "{\"unknown_store\":3}", null));
      feed.poll();
      RunView inFlight = RunView.of(feed.recent(10).get(0));
      assertEquals("running", inFlight.status());
      assertEquals(List.of("bronze", "silver"), List.copyOf(inFlight.stepMillis().keySet()));
      assertEquals(1000L, inFlight.stepMillis().get("silver"));
      assertEquals(290L, inFlight.counts().get("inventory_change"));
      assertEquals(3L, inFlight.counts().get("rejected_inventory_change"));
      assertNull(inFlight.events());

      // its run row (in a later commit), and a generator run
      append(table, row("r1", "etl", null, 0, 4, 100L, 40L, null, 90L));
      append(table, row("g1", "generator", "generate", 5, 6, 300L, 120L, null, null),
          row("g1", "generator", null, 5, 6, 300L, 120L, null, null));
      feed.poll();
      feed.poll(); // nothing new: nothing fed twice
      List<RunView> runs = feed.recent(10).stream().map(RunView::of).toList();
      assertEquals(List.of("g1", "r1"), runs.stream().map(RunView::runId).toList(), "newest first");
      RunView etl = runs.get(1);
      assertEquals("succeeded", etl.status());
      assertEquals("pos-etl", etl.schedule());
      assertEquals(100L, etl.events(), "ETL events: Kafka records read");
      assertEquals(90_000L, etl.freshnessMillis());
      assertEquals(4000L, etl.durationMillis());
      assertEquals(120L, runs.get(0).events(), "generator events: messages published");
      assertEquals(5, fed.size());

      String prom = metrics.scrape();
      assertTrue(prom.contains("pos_events_in_total 100.0"), prom);
      assertTrue(prom.contains("pos_rows_written_total{table=\"inventory_change\"} 290.0"), prom);
      assertTrue(prom.contains("pos_rejects_total{reason=\"unknown_store\",table=\"rejected_inventory_change\"} 3.0"),
          prom);
      assertTrue(prom.contains("pos_runs_total{kind=\"etl\",status=\"succeeded\"} 1.0"), prom);
      assertTrue(prom.contains("pos_generator_messages_total 120.0"), prom);
      assertTrue(prom.contains("pos_etl_step_duration_seconds_count{step=\"bronze\"} 1"), prom);

      // a new feed (a restarted `pos up`) reads the history again: the runs survive restarts
      RunLogFeed restarted = new RunLogFeed(catalog.loadTable(TableIdentifier.of(NS, NAME)), r -> { });
      restarted.poll();
      assertEquals(2, restarted.recent(10).size());
    }
  }

  private static Record row(String runId, String kind, String step, int startSecond, int endSecond, Long in,
      Long out, String rejects, Long freshness) {
    Record r = GenericRecord.create(SCHEMA);
    r.setField(RUN_ID, runId);
    r.setField(WORKFLOW_ID, "wf-" + runId);
    r.setField(KIND, kind);
    r.setField(STEP, step);
    r.setField(SCHEDULED_AT, T0);
    r.setField(STARTED_AT, T0.plusSeconds(startSecond));
    r.setField(FINISHED_AT, T0.plusSeconds(endSecond));
    r.setField(STATUS, "succeeded");
    r.setField(ROWS_IN, in);
    r.setField(ROWS_OUT, out);
    r.setField(REJECTS, rejects);
    r.setField(GOLD_FRESHNESS_SECONDS, freshness);
    r.setField(WORKER, "w1");
    return r;
  }

  private static void append(Table table, Record... rows) {
    table.refresh();
    try (RecordAppender out = RecordAppender.forTable(table)) {
      for (Record r : rows) out.write(r);
      Commits.append(table, out.complete().dataFiles(), Map.of());
    }
  }
}
