package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.activities.env.PipelineResources;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ops page end to end: the real embedded stack, a worker, both schedules on short intervals and the ops
 * server; headless Chromium loads the page, presses pause on pos-etl, and the schedule is paused in Temporal.
 * Also checks the JSON API and /metrics, and leaves a screenshot of the page in target/ops-page.png.
 */
@ExtendWith(PosStackExtension.class)
class OpsPageBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WIDTH = 1400;
  private static final String TOKEN = "browser-test-token-0123456789";

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
        try (OpsServer server = OpsServer.start(new OpsServerOptions("127.0.0.1", 0, TOKEN, List.of()), control,
            resources, metrics)) {
          awaitRuns(server, Duration.ofSeconds(180));
          checkApi(server);

          try (HeadlessChromium browser = HeadlessChromium.launch(WIDTH, 1000)) {
            // the access token flow: the page asks for the token once, then works with its session
            browser.navigate(server.url());
            browser.await("document.getElementById('token') !== null", Duration.ofSeconds(20));
            browser.eval("document.getElementById('token').value = '" + TOKEN + "'; "
                + "document.getElementById('login').click(); true");
            browser.await("document.body.dataset.loaded === 'true' && "
                + "document.getElementById('state-pos-etl')?.textContent === 'active'", Duration.ofSeconds(20));
            browser.await("document.querySelectorAll('#runs tbody tr').length >= 4", Duration.ofSeconds(10));
            browser.await("!document.getElementById('attention').textContent.includes('loading')",
                Duration.ofSeconds(20));

            browser.eval("document.getElementById('note-pos-etl').value = 'store 1 migration'; "
                + "document.getElementById('pause-pos-etl').click(); true");
            browser.await("document.getElementById('state-pos-etl').textContent === 'paused'",
                Duration.ofSeconds(15));
            browser.await("document.getElementById('note-text-pos-etl')?.textContent === 'store 1 migration'",
                Duration.ofSeconds(10));
            browser.await("document.getElementById('msg-pos-etl').textContent === 'paused'", Duration.ofSeconds(10));

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
            browser.await("document.getElementById('state-pos-etl').textContent === 'active'", Duration.ofSeconds(15));
            assertTrue(!control.describe(ScheduleKinds.ETL).orElseThrow().paused(), "resume from the page");
            browser.eval("document.getElementById('note-pos-etl').value = 'store 1 migration'; "
                + "document.getElementById('pause-pos-etl').click(); true");
            browser.await("document.getElementById('state-pos-etl').textContent === 'paused'", Duration.ofSeconds(15));

            Path png = Path.of("target", "ops-page.png");
            Files.createDirectories(png.getParent());
            Files.write(png, browser.screenshotFullPage(WIDTH));
            assertTrue(Files.size(png) > 10_000, "screenshot too small");
          }
        }
      } finally {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
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
