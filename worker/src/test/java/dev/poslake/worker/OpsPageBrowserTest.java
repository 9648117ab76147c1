package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.rebuild.RebuildStatus;
import dev.poslake.activities.rebuild.RebuildStatusStore;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.activities.schedule.ScheduleStateStore;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.ops.metrics.PipelineMetrics;
import dev.poslake.ops.runs.RunLogQuery;
import dev.poslake.catalog.tables.PipelineRunsTable;
import dev.poslake.ops.web.OpsServer;
import dev.poslake.ops.web.OpsServerOptions;
import dev.poslake.ops.web.RunView;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.PipelineSchedulers;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.ScheduleView;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.workflows.schedule.ScheduleSpec;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ops page end to end: the real embedded stack, a worker, both schedules on short intervals and the ops
 * server; headless Chromium loads the page, presses pause on pos-etl, and the schedule is paused in Temporal.
 * Checks the pipeline picture against the real tables (row counts, the banner of a rebuild saved in progress),
 * the run rows' links (history page, Temporal Web UI), the JSON API and /metrics, and leaves a screenshot of the
 * page in target/ops-page.png ({@code -Dpos.docs.screenshot=true}: also in ops/docs/ops-page.png, the README's).
 */
@ExtendWith(PosStackExtension.class)
class OpsPageBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WIDTH = 1400;
  private static final String TOKEN = "browser-test-token-0123456789";
  private static final String TEMPORAL_UI = "http://localhost:8233";

  @Test
  void pausingTheEtlScheduleFromThePage(PosConfig stack) throws Exception {
    PosConfig config = stack.with(Map.of(
        PosSettings.GENERATOR_INTERVAL.key(), "PT4S",
        PosSettings.ETL_INTERVAL.key(), "PT6S",
        PosSettings.GENERATOR_SPEED.key(), "60",
        PosSettings.GENERATOR_TX_PER_HOUR.key(), "300"));
    try (PipelineMetrics metrics = new PipelineMetrics();
         PipelineResources resources = PipelineResources.open(config);
         TemporalConnection temporal = TemporalConnection.connect(config, metrics.temporalScope())) {
      PosTables.ensureAll(resources.catalog(), resources.namespace());
      ReferenceTables reference = ReferenceTables.of(resources);
      reference.ensureUploaded(config.get(PosSettings.GENERATOR_STORES));
      reference.refresh();
      WorkerFactory workers = WorkerFactory.newInstance(temporal.client(),
          WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
      try {
        PipelineWorker.register(workers, config.get(PosSettings.TEMPORAL_TASK_QUEUE), resources);
        workers.start();
        List<ScheduleSpec> specs = PipelineSchedules.all(config);
        PipelineScheduler control = PipelineSchedulers.detect(temporal.stubs(), temporal.client(),
            new ScheduleStateStore(resources.objectStore()));
        control.ensure(specs);
        // a rebuild in progress, as the rebuild workflow saves it
        long now = System.currentTimeMillis();
        new RebuildStatusStore(resources.objectStore()).save(new RebuildStatus("rb-browser", "pos-rebuild-rb-browser",
            List.of(InventoryChangeTable.NAME, CurrentInventoryTable.NAME), RebuildStatus.RECOMPUTING, true,
            now - 90_000, now - 30_000, null));
        String namespace = temporal.client().getOptions().getNamespace();
        try (OpsServer server = OpsServer.start(new OpsServerOptions("127.0.0.1", 0, TOKEN, List.of())
            .withTemporalUi(TEMPORAL_UI), control, resources, metrics, temporal.client())) {
          awaitRuns(server, Duration.ofSeconds(180));
          checkApi(server);
          RunView etlRun = server.recentRuns(100).stream().filter(r -> "etl".equals(r.kind())
              && "succeeded".equals(r.status()) && r.events() != null && r.events() > 0).findFirst().orElseThrow();

          try (HeadlessChromium browser = HeadlessChromium.launch(WIDTH, 1000)) {
            // the access token flow: the page asks for the token once, then works with its session
            browser.navigate(server.url());
            browser.await("document.getElementById('token') !== null", Duration.ofSeconds(60));
            browser.eval("document.getElementById('token').value = '" + TOKEN + "'; "
                + "document.getElementById('login').click(); true");
            browser.await("document.body.dataset.loaded === 'true' && "
                + "document.getElementById('state-pos-etl')?.textContent === 'active'", Duration.ofSeconds(60));
            browser.await("document.querySelectorAll('#runs tbody tr').length >= 4", Duration.ofSeconds(60));
            browser.await("!document.getElementById('attention').textContent.includes('loading')",
                Duration.ofSeconds(60));
            checkPicture(browser, resources);
            checkRunLinks(browser, etlRun, namespace);

            browser.eval("document.getElementById('note-pos-etl').value = 'store 1 migration'; "
                + "document.getElementById('pause-pos-etl').click(); true");
            browser.await("document.getElementById('state-pos-etl').textContent === 'paused'",
                Duration.ofSeconds(60));
            browser.await("document.getElementById('note-text-pos-etl')?.textContent === 'store 1 migration'",
                Duration.ofSeconds(60));
            browser.await("document.getElementById('msg-pos-etl').textContent === 'paused'", Duration.ofSeconds(60));

            ScheduleView etl = control.describe(ScheduleKinds.ETL).orElseThrow();
            assertTrue(etl.paused(), "pos-etl not paused after pressing pause: " + etl);
            assertEquals("store 1 migration", etl.note());
            // who did it is in the run log
            RunLogQuery log = new RunLogQuery(resources.catalog(), resources.table(PipelineRunsTable.NAME));
            assertTrue(log.runs("ops", 0).stream().anyMatch(r -> r.note() != null
                && r.note().startsWith("pause-pos-etl by ops page 127.0.0.1: store 1 migration")), log.runs("ops", 0)
                .toString());
            ScheduleView generator = control.describe(ScheduleKinds.GENERATOR).orElseThrow();
            assertTrue(!generator.paused(), "the generator was paused too: " + generator);

            browser.eval("document.getElementById('note-pos-etl').value = 'migration done'; "
                + "document.getElementById('resume-pos-etl').click(); true");
            browser.await("document.getElementById('state-pos-etl').textContent === 'active'", Duration.ofSeconds(60));
            assertTrue(!control.describe(ScheduleKinds.ETL).orElseThrow().paused(), "resume from the page");
            browser.eval("document.getElementById('note-pos-etl').value = 'store 1 migration'; "
                + "document.getElementById('pause-pos-etl').click(); true");
            browser.await("document.getElementById('state-pos-etl').textContent === 'paused'", Duration.ofSeconds(60));

            byte[] shot = browser.screenshotFullPage(WIDTH);
            Path png = Path.of("target", "ops-page.png");
            Files.createDirectories(png.getParent());
            Files.write(png, shot);
            assertTrue(Files.size(png) > 10_000, "screenshot too small");
            if (Boolean.getBoolean("pos.docs.screenshot")) Files.write(Path.of("..", "ops", "docs", "ops-page.png"), shot);

            checkHistoryPage(browser, server, etlRun, namespace);
          }
        }
      } finally {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The picture drawn from the real tables: counts, health, the rebuild banner and its nodes. */
  private static void checkPicture(HeadlessChromium browser, PipelineResources resources) throws Exception {
    for (String node : List.of("kafka", "bronze", "silver", "silver_rejects", "gold", "recount_files", "snapshots",
        "snapshot_rejects", "latest")) {
      assertTrue(browser.eval("document.getElementById('node-" + node + "') !== null").asBoolean(), node);
    }
    for (String node : List.of("bronze", "silver", "gold")) {
      long rows = browser.eval("Number(document.getElementById('node-" + node + "').dataset.rows)").asLong();
      assertTrue(rows > 0, node + " has no rows on the picture");
      String text = browser.eval("document.getElementById('node-" + node + "').textContent").asText();
      assertTrue(text.contains(String.format(Locale.ROOT, "rows %,d", rows)), text);
      assertTrue(text.contains("committed "), text);
    }
    // the counts (snapshot summaries) match scans of the snapshot each node shows, whatever ran since
    for (String[] node : new String[][] {{"bronze", RawInventoryChangeTable.NAME},
        {"silver", InventoryChangeTable.NAME}, {"gold", CurrentInventoryTable.NAME}}) {
      Table table = resources.catalog().loadTable(resources.table(node[1]));
      long commit = browser.eval("Number(document.getElementById('node-" + node[0] + "').dataset.commit)").asLong();
      Snapshot shown = null; // on main's lineage, as the picture reads the current snapshot
      for (Snapshot s : SnapshotUtil.ancestorsOf(table.currentSnapshot().snapshotId(), table::snapshot)) {
        if (shown == null && s.timestampMillis() == commit) shown = s;
      }
      assertTrue(shown != null, node[0] + ": no snapshot committed at " + commit);
      assertEquals(TableReader.of(table).snapshot(shown.snapshotId()).count(),
          browser.eval("Number(document.getElementById('node-" + node[0] + "').dataset.rows)").asLong(),
          () -> node[0] + " rows on the picture vs a scan of " + node[1] + " at " + commit + "; snapshots: "
              + history(table));
    }
    assertEquals("ok", browser.eval("document.getElementById('node-bronze').dataset.health").asText(),
        browser.eval("document.getElementById('node-bronze').textContent").asText());
    assertTrue(browser.eval("document.getElementById('node-gold').textContent").asText().contains("freshness "));
    String banner = browser.eval("document.getElementById('rebuild-banner').textContent").asText();
    assertTrue(banner.contains("rb-browser") && banner.contains("recomputing") && banner.contains("dry run")
        && banner.contains("inventory_change, current_inventory"), banner);
    for (String node : List.of("silver", "gold")) {
      assertTrue(browser.eval("document.getElementById('node-" + node + "').classList.contains('rebuilding')")
          .asBoolean(), node + " not marked as rebuilt");
    }
    assertTrue(!browser.eval("document.getElementById('node-bronze').classList.contains('rebuilding')").asBoolean());
  }

  /** The table's snapshots, for a failure message. */
  private static String history(Table table) {
    StringBuilder b = new StringBuilder();
    for (Snapshot s : table.snapshots()) {
      b.append("\n  ").append(s.snapshotId()).append(" parent ").append(s.parentId()).append(" at ")
          .append(s.timestampMillis()).append(' ').append(s.operation()).append(' ').append(s.summary());
    }
    return b.toString();
  }

  /** A run row links to its history page and to the run in the Temporal Web UI. */
  private static void checkRunLinks(HeadlessChromium browser, RunView run, String namespace) throws Exception {
    String row = "document.querySelector('#runs tr[data-workflow=\"" + run.workflowId() + "\"]')";
    browser.await(row + " !== null", Duration.ofSeconds(60));
    assertTrue(browser.eval(row + ".querySelector('a.history-link').href").asText()
        .endsWith("/runs/" + run.workflowId() + "/history"));
    assertEquals(TEMPORAL_UI + "/namespaces/" + namespace + "/workflows/" + run.workflowId() + "/" + run.runId()
        + "/history", browser.eval(row + ".querySelector('a.temporal-link').href").asText());
  }

  /** The history page: the Temporal history's activities and the run log's steps, as `pos ops history`. */
  private static void checkHistoryPage(HeadlessChromium browser, OpsServer server, RunView run, String namespace)
      throws Exception {
    browser.navigate(server.url() + "runs/" + run.workflowId() + "/history");
    browser.await("document.getElementById('activities') !== null", Duration.ofSeconds(60));
    String summary = browser.eval("document.getElementById('history-summary').textContent").asText();
    assertTrue(summary.contains("COMPLETED") && summary.contains(run.runId()), summary);
    String activities = browser.eval("document.getElementById('activities').textContent").asText();
    assertTrue(activities.contains("BronzeIngest") && activities.contains("partition "), activities);
    String steps = browser.eval("document.getElementById('steps').textContent").asText();
    assertTrue(steps.contains("bronze") && steps.contains("gold") && steps.contains("succeeded"), steps);
    assertEquals(TEMPORAL_UI + "/namespaces/" + namespace + "/workflows/" + run.workflowId() + "/" + run.runId()
        + "/history", browser.eval("document.getElementById('temporal-link').href").asText());
  }

  /** Waits until the generator and the ETL finished a few runs that carried events. */
  private static void awaitRuns(OpsServer server, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<RunView> runs = server.recentRuns(100);
      long etl = runs.stream().filter(r -> "etl".equals(r.kind()) && "succeeded".equals(r.status())
          && r.events() != null && r.events() > 0).count();
      long gen = runs.stream().filter(r -> "generator".equals(r.kind()) && "succeeded".equals(r.status())
          && r.events() != null).count();
      if (etl >= 2 && gen >= 3) return;
      if (System.nanoTime() > deadline) throw new AssertionError("not enough runs in " + timeout + " (" + etl + " ETL, " + gen
          + " generator): " + runs.subList(0, Math.min(6, runs.size())));
      Thread.sleep(500);
    }
  }

  private static void checkApi(OpsServer server) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = server.url();
    assertEquals("ok\n", get(http, base + "health").body());

    JsonNode schedules = JSON.readTree(get(http, base + "api/schedules").body());
    assertEquals(2, schedules.size(), schedules.toString());

    JsonNode runs = JSON.readTree(get(http, base + "api/runs").body());
    JsonNode etlRun = null;
    for (JsonNode r : runs) {
      if ("etl".equals(r.path("kind").asText()) && r.path("events").asLong() > 0) etlRun = r;
    }
    assertTrue(etlRun != null, runs.toString());
    assertTrue(etlRun.path("stepMillis").has("bronze"), etlRun.toString());
    assertTrue(etlRun.path("counts").path("inventory_change").asLong() > 0, etlRun.toString());

    // gold freshness is measured against the generator's simulated clock, since the generator ran
    // (measured every 15 s: wait for a measurement taken since gold has rows)
    JsonNode lag = JSON.readTree(get(http, base + "api/lag").body());
    for (long end = System.nanoTime() + 30_000_000_000L; lag.path("sourceClock").isNull()
        && System.nanoTime() < end; ) {
      Thread.sleep(500);
      lag = JSON.readTree(get(http, base + "api/lag").body());
    }
    assertEquals("generator", lag.path("sourceClock").asText(), lag.toString());
    assertTrue(lag.path("sourceTimeMillis").asLong() >= lag.path("newestGoldEventMillis").asLong(), lag.toString());

    JsonNode attention = JSON.readTree(get(http, base + "api/attention").body());
    assertTrue(attention.isArray(), attention.toString());

    String prom = get(http, base + "metrics").body();
    for (String metric : List.of("pos_events_in_total", "pos_rows_written_total{table=\"inventory_change\"}",
        "pos_etl_step_duration_seconds_count{step=\"bronze\"}", "pos_generator_messages_total",
        "pos_runs_total{kind=\"etl\",status=\"succeeded\"}", "pos_gold_freshness_seconds",
        "pos_schedule_paused{schedule=\"pos-etl\"}", "temporal_")) {
      assertTrue(prom.contains(metric), "/metrics lacks " + metric + ":\n" + prom);
    }

    // a cross-origin POST (another site in the user's browser) is refused
    HttpResponse<String> cross = http.send(HttpRequest.newBuilder(URI.create(base + "api/schedules/pos-etl/pause"))
        .header("Origin", "http://evil.example").header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(403, cross.statusCode());
    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "api/schedules"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode(), "the API needs the token");
    HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(base + "api/schedules/nope/pause"))
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString("")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(404, unknown.statusCode());
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + ": " + r.body());
    return r;
  }
}
