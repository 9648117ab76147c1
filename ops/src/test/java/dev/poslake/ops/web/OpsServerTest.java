package dev.poslake.ops.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.config.ConfigException;
import dev.poslake.ops.metrics.PipelineMetrics;
import dev.poslake.workflows.schedule.RunRecord;
import dev.poslake.workflows.schedule.ScheduleSpec;
import dev.poslake.workflows.schedule.ScheduleState;
import dev.poslake.workflows.schedule.TriggerResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
  static final class FakeControl implements ScheduleControl {
    final Map<String, ScheduleState> states = new ConcurrentHashMap<>();

    FakeControl() {
      for (String id : List.of("pos-generator", "pos-etl")) {
        ScheduleSpec spec = new ScheduleSpec(id, "X", Duration.ofMinutes(2), "q", false, "", Map.of());
        states.put(id, new ScheduleState(spec, false, "", 1_000, 1, 0,
            List.of(new RunRecord(id + "-1", "schedule", 500L, null, RunRecord.RUNNING, null))));
      }
    }

    @Override public List<String> ids() { return List.of("pos-generator", "pos-etl"); }
    @Override public Optional<ScheduleState> describe(String id) { return Optional.ofNullable(states.get(id)); }

    @Override
    public ScheduleState pause(String id, String note) {
      return states.compute(id, (k, s) -> new ScheduleState(s.spec(), true, note, s.nextRunAt(), s.started(),
          s.skipped(), s.recentRuns()));
    }

    @Override
    public ScheduleState resume(String id, String note) {
      return states.compute(id, (k, s) -> new ScheduleState(s.spec(), false, note, s.nextRunAt(), s.started(),
          s.skipped(), s.recentRuns()));
    }

    @Override
    public TriggerResult trigger(String id, String note) {
      return new TriggerResult(false, null, "previous run " + id + "-1 still running");
    }
  }

  @Test
  void apiPauseResumeTriggerHealthAndMetrics() throws Exception {
    FakeControl control = new FakeControl();
    try (PipelineMetrics metrics = new PipelineMetrics();
         OpsServer server = OpsServer.start(0, control, null, null, metrics)) {
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
      assertTrue(control.states.get("pos-etl").paused());
      assertEquals("store 1 migration", control.states.get("pos-etl").note());
      assertTrue(!control.states.get("pos-generator").paused());

      assertEquals(200, post(base + "api/schedules/pos-etl/resume?note=done", "", null).statusCode());
      assertTrue(!control.states.get("pos-etl").paused());
      assertEquals("done", control.states.get("pos-etl").note());

      JsonNode trigger = JSON.readTree(post(base + "api/schedules/pos-etl/trigger", "promo", null).body());
      assertEquals(false, trigger.get("started").asBoolean(), trigger.toString());
      assertTrue(trigger.get("message").asText().contains("still running"), trigger.toString());

      assertEquals(403, post(base + "api/schedules/pos-etl/pause", "", "http://evil.example").statusCode());
      assertTrue(!control.states.get("pos-etl").paused(), "a cross-origin POST paused the schedule");
      assertEquals(200, post(base + "api/schedules/pos-etl/pause", "", base.replaceAll("/$", "")).statusCode());
      assertEquals(404, post(base + "api/schedules/nope/pause", "", null).statusCode());
      assertEquals(404, post(base + "api/schedules/pos-etl/explode", "", null).statusCode());
      assertEquals(400, get(base + "api/runs?limit=x").statusCode());
      assertEquals(404, get(base + "nothing").statusCode());

      server.runs().poll();
      JsonNode runs = JSON.readTree(get(base + "api/runs").body());
      assertEquals(2, runs.size(), runs.toString());
      assertEquals("RUNNING", runs.get(0).get("status").asText());
      String prom = get(base + "metrics").body();
      assertTrue(prom.contains("pos_schedule_paused{schedule=\"pos-etl\"} 1.0"), prom);
      assertTrue(prom.contains("pos_schedule_paused{schedule=\"pos-generator\"} 0.0"), prom);
    }
  }

  @Test
  void aBusyPortIsAConfigErrorNamingTheSetting() throws Exception {
    try (PipelineMetrics metrics = new PipelineMetrics();
         OpsServer first = OpsServer.start(0, new FakeControl(), null, null, metrics)) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> OpsServer.start(first.port(), new FakeControl(), null, null, metrics));
      assertTrue(e.getMessage().contains("POS_OPS_PORT"), e.getMessage());
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body, String origin) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) b.header("Origin", origin);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
