package dev.poslake.ops.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.config.ConfigException;
import dev.poslake.ops.metrics.PipelineMetrics;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.ScheduleView;
import dev.poslake.ops.schedules.TriggerOutcome;
import dev.poslake.workflows.schedule.RunRecord;
import dev.poslake.workflows.schedule.ScheduleSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The HTTP surface of the ops server over an in-memory schedule back-end (the real one: OpsPageBrowserTest). */
class OpsServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  /** Two schedules held in memory; a trigger is skipped while a run is RUNNING. */
  static class FakeScheduler implements PipelineScheduler {
    final Map<String, ScheduleView> states = new ConcurrentHashMap<>();

    FakeScheduler() {
      for (String kind : ScheduleKinds.ALL) {
        String id = ScheduleKinds.scheduleId(kind);
        states.put(kind, new ScheduleView(kind, id, "fake", Duration.ofMinutes(2), false, "",
            Instant.ofEpochMilli(1_000), List.of(new RunRecord(id + "-1", "schedule", 500L, null, RunRecord.RUNNING,
                null)), 1, 0, null, null));
      }
    }

    ScheduleView get(String kind) {
      return states.get(kind);
    }

    @Override public String backend() { return "fake"; }
    @Override public List<String> ensure(List<ScheduleSpec> specs) { return List.of(); }
    @Override public Optional<ScheduleView> describe(String kind) {
      return Optional.ofNullable(states.get(ScheduleKinds.normalize(kind)));
    }

    @Override
    public ScheduleView pause(String kind, String note, String by) {
      return states.compute(kind, (k, s) -> new ScheduleView(k, s.scheduleId(), s.backend(), s.interval(), true, note,
          null, s.recentRuns(), s.started(), s.skipped(), by, Instant.ofEpochMilli(2_000)));
    }

    @Override
    public ScheduleView resume(String kind, String note, String by) {
      return states.compute(kind, (k, s) -> new ScheduleView(k, s.scheduleId(), s.backend(), s.interval(), false,
          note, s.nextRunAt(), s.recentRuns(), s.started(), s.skipped(), by, Instant.ofEpochMilli(3_000)));
    }

    @Override
    public TriggerOutcome trigger(String kind, String note) {
      String running = states.get(kind).runningWorkflowId();
      return new TriggerOutcome(kind, false, running, "previous run " + running + " still running");
    }
  }

  @Test
  void apiPauseResumeTriggerHealthAndMetrics() throws Exception {
    FakeScheduler control = new FakeScheduler();
    try (PipelineMetrics metrics = new PipelineMetrics();
         OpsServer server = OpsServer.start(0, control, null, metrics)) {
      String base = server.url();
      assertEquals(200, get(base + "health").statusCode());
      HttpResponse<String> page = get(base);
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("id=\"schedules\""), page.body());

      JsonNode schedules = JSON.readTree(get(base + "api/schedules").body());
      assertEquals("pos-generator", schedules.get(0).get("id").asText());
      assertEquals("PT2M", schedules.get(1).get("interval").asText());

      HttpResponse<String> paused = post(base + "api/schedules/pos-etl/pause", "{\"note\": \"store 1 migration\"}",
          null);
      assertEquals(200, paused.statusCode(), paused.body());
      assertTrue(control.get("etl").paused());
      assertEquals("store 1 migration", control.get("etl").note());
      assertEquals("ops page 127.0.0.1", control.get("etl").changedBy(), "who paused: the page and the caller");
      JsonNode etl = JSON.readTree(get(base + "api/schedules").body()).get(1);
      assertEquals("ops page 127.0.0.1", etl.get("changedBy").asText());
      assertEquals(2_000, etl.get("changedAt").asLong());
      assertTrue(!control.get("generator").paused());

      assertEquals(200, post(base + "api/schedules/pos-etl/resume?note=done", "", null).statusCode());
      assertTrue(!control.get("etl").paused());
      assertEquals("done", control.get("etl").note());

      JsonNode trigger = JSON.readTree(post(base + "api/schedules/pos-etl/trigger", "promo", null).body());
      assertEquals(false, trigger.get("started").asBoolean(), trigger.toString());
      assertTrue(trigger.get("message").asText().contains("still running"), trigger.toString());
      assertEquals("pos-etl-1", trigger.get("workflowId").asText(), trigger.toString());

      assertEquals(403, post(base + "api/schedules/pos-etl/pause", "", "http://evil.example").statusCode());
      assertTrue(!control.get("etl").paused(), "a cross-origin POST paused the schedule");
      assertEquals(200, post(base + "api/schedules/pos-etl/pause", "", base.replaceAll("/$", "")).statusCode());
      assertEquals(404, post(base + "api/schedules/nope/pause", "", null).statusCode());
      assertEquals(200, post(base + "api/schedules/etl/pause", "by kind", null).statusCode());
      assertEquals("by kind", control.get("etl").note());
      assertEquals(404, post(base + "api/schedules/pos-etl/explode", "", null).statusCode());
      assertEquals(400, get(base + "api/runs?limit=x").statusCode());
      assertEquals(404, get(base + "nothing").statusCode());

      // without a catalog the picture still draws, every node unknown; no run has a history
      assertTrue(page.body().contains("id=\"node-gold\""), page.body());
      JsonNode pipeline = JSON.readTree(get(base + "api/pipeline").body());
      assertEquals(9, pipeline.get("nodes").size(), pipeline.toString());
      assertEquals("unknown", pipeline.get("nodes").get(1).get("health").asText(), pipeline.toString());
      assertTrue(get(base + "pipeline").body().startsWith("<svg id=\"pipeline-svg\""));
      assertEquals(404, get(base + "runs/pos-etl-1/history").statusCode());

      server.poll();
      JsonNode runs = JSON.readTree(get(base + "api/runs").body());
      assertEquals(0, runs.size(), "runs come from pipeline_runs only (none without a catalog): " + runs);
      String prom = get(base + "metrics").body();
      assertTrue(prom.contains("pos_schedule_paused{schedule=\"pos-etl\"} 1.0"), prom);
      assertTrue(prom.contains("pos_schedule_paused{schedule=\"pos-generator\"} 0.0"), prom);
    }
  }

  @Test
  void aBusyPortIsAConfigErrorNamingTheSetting() throws Exception {
    try (PipelineMetrics metrics = new PipelineMetrics();
         OpsServer first = OpsServer.start(0, new FakeScheduler(), null, metrics)) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> OpsServer.start(first.port(), new FakeScheduler(), null, metrics));
      assertTrue(e.getMessage().contains("POS_OPS_PORT"), e.getMessage());
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A POST as the page sends it: with the CSRF token it was served. */
  private HttpResponse<String> post(String url, String body, String origin) throws Exception {
    String base = url.substring(0, url.indexOf("/api/") + 1);
    String csrf = JSON.readTree(get(base + "api/csrf-token").body()).get("token").asText();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header(OpsAccess.CSRF_HEADER, csrf);
    if (origin != null) b.header("Origin", origin);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
