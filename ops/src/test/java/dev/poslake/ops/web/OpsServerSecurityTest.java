package dev.poslake.ops.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.config.ConfigException;
import dev.poslake.ops.metrics.PipelineMetrics;
import dev.poslake.ops.schedules.ScheduleView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The ops page as a security reviewer attacks it: another host name (DNS rebinding), a POST without the CSRF
 * token, framing, a network bind without a token, the token and login flow, error bodies, log lines.
 */
class OpsServerSecurityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "test-token-0123456789abcdef";

  @Test
  void aRequestForAnotherHostIsRefusedWhateverItAsks() throws Exception {
    OpsServerTest.FakeScheduler control = new OpsServerTest.FakeScheduler();
    try (PipelineMetrics metrics = new PipelineMetrics();
         OpsServer server = OpsServer.start(0, control, null, metrics)) {
      int port = server.port();
      String csrf = csrf(port, Map.of());
      for (String path : List.of("/", "/api/schedules", "/api/csrf-token", "/metrics")) {
        RawHttp.Response r = RawHttp.send(port, "GET", path, Map.of("Host", "evil.example:" + port), "");
        assertEquals(403, r.status(), path + ": " + r.body());
        assertFalse(r.body().contains("pos-etl") || r.body().contains(csrf), r.body());
      }
      RawHttp.Response post = RawHttp.send(port, "POST", "/api/schedules/pos-etl/pause",
          Map.of("Host", "evil.example:" + port, OpsAccess.CSRF_HEADER, csrf, "Origin", "http://evil.example:" + port),
          "");
      assertEquals(403, post.status());
      assertFalse(control.get("etl").paused());
      assertEquals(200, RawHttp.send(port, "GET", "/health", Map.of("Host", "localhost:" + port), "").status());
    }
  }

  @Test
  void aPostWithoutTheCsrfTokenIsRefusedAndPausesNothing() throws Exception {
    OpsServerTest.FakeScheduler control = new OpsServerTest.FakeScheduler();
    try (PipelineMetrics metrics = new PipelineMetrics();
         OpsServer server = OpsServer.start(0, control, null, metrics)) {
      int port = server.port();
      assertEquals(403, RawHttp.send(port, "POST", "/api/schedules/pos-etl/pause", Map.of(), "").status());
      assertEquals(403, RawHttp.send(port, "POST", "/api/schedules/pos-etl/pause",
          Map.of(OpsAccess.CSRF_HEADER, "guessed"), "").status());
      assertFalse(control.get("etl").paused());
      // the page carries the token it sends back
      RawHttp.Response page = RawHttp.send(port, "GET", "/", Map.of(), "");
      String csrf = csrf(port, Map.of());
      assertTrue(page.body().contains("<meta name=\"csrf-token\" content=\"" + csrf + "\">"), page.body());
      assertEquals(200, RawHttp.send(port, "POST", "/api/schedules/pos-etl/pause?note=ok",
          Map.of(OpsAccess.CSRF_HEADER, csrf), "").status());
      assertTrue(control.get("etl").paused());
    }
  }

  @Test
  void everyResponseForbidsFramingAndSniffing() throws Exception {
    try (PipelineMetrics metrics = new PipelineMetrics();
         OpsServer server = OpsServer.start(0, new OpsServerTest.FakeScheduler(), null, metrics)) {
      int port = server.port();
      for (String[] req : List.of(new String[] {"GET", "/"}, new String[] {"GET", "/api/schedules"},
          new String[] {"GET", "/health"}, new String[] {"GET", "/metrics"}, new String[] {"GET", "/nothing"},
          new String[] {"POST", "/api/schedules/pos-etl/pause"})) {
        RawHttp.Response r = RawHttp.send(port, req[0], req[1], Map.of(), "");
        assertEquals("frame-ancestors 'none'", r.header("Content-Security-Policy"), String.join(" ", req));
        assertEquals("DENY", r.header("X-Frame-Options"), String.join(" ", req));
        assertEquals("nosniff", r.header("X-Content-Type-Options"), String.join(" ", req));
      }
    }
  }

  @Test
  void aNetworkBindNeedsAToken() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new OpsServerOptions("0.0.0.0", 0, null, List.of()));
    assertTrue(e.getMessage().contains("POS_OPS_TOKEN") && e.getMessage().contains("0.0.0.0"), e.getMessage());
    assertThrows(ConfigException.class, () -> new OpsServerOptions("0.0.0.0", 0, "short", List.of()));
    new OpsServerOptions("0.0.0.0", 0, TOKEN, List.of("ops.example.com"));
  }

  @Test
  void withATokenTheApiNeedsItAndThePageLogsIn() throws Exception {
    OpsServerTest.FakeScheduler control = new OpsServerTest.FakeScheduler();
    try (PipelineMetrics metrics = new PipelineMetrics();
         OpsServer server = OpsServer.start(new OpsServerOptions("127.0.0.1", 0, TOKEN, List.of("ops.example.com")),
             control, null, metrics)) {
      int port = server.port();
      assertEquals(401, RawHttp.send(port, "GET", "/api/schedules", Map.of(), "").status());
      assertEquals(401, RawHttp.send(port, "GET", "/metrics", Map.of(), "").status());
      for (String path : List.of("/api/pipeline", "/pipeline", "/runs/pos-etl-1/history")) {
        assertEquals(401, RawHttp.send(port, "GET", path, Map.of(), "").status(), path);
      }
      assertEquals(200, RawHttp.send(port, "GET", "/health", Map.of(), "").status());
      Map<String, String> bearer = Map.of("Authorization", "Bearer " + TOKEN);
      assertEquals(200, RawHttp.send(port, "GET", "/api/pipeline", bearer, "").status());
      assertEquals(403, RawHttp.send(port, "GET", "/api/pipeline", Map.of("Authorization", "Bearer " + TOKEN,
          "Host", "evil.example"), "").status(), "the Host allow-list holds for the picture too");
      assertEquals(200, RawHttp.send(port, "GET", "/api/schedules", bearer, "").status());
      assertEquals(200, RawHttp.send(port, "GET", "/metrics", Map.of("Authorization", "Bearer " + TOKEN,
          "Host", "ops.example.com"), "").status(), "the configured public name is allowed");
      // a bearer client (curl, a script) is not CSRF-able: browsers never attach that header by themselves
      assertEquals(200, RawHttp.send(port, "POST", "/api/schedules/pos-etl/pause", bearer, "").status());
      assertTrue(control.get("etl").paused());
      control.resume("etl", "", "test");

      RawHttp.Response login = RawHttp.send(port, "GET", "/", Map.of(), "");
      assertEquals(200, login.status());
      assertTrue(login.body().contains("name=\"token\"") && !login.body().contains("csrf-token"), login.body());
      RawHttp.Response wrong = RawHttp.send(port, "POST", "/login",
          Map.of("Content-Type", "application/x-www-form-urlencoded"), "token=nope");
      assertEquals(401, wrong.status());
      RawHttp.Response ok = RawHttp.send(port, "POST", "/login",
          Map.of("Content-Type", "application/x-www-form-urlencoded"), "token=" + TOKEN);
      assertEquals(303, ok.status());
      String cookie = ok.header("Set-Cookie");
      assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
      Map<String, String> session = Map.of("Cookie", cookie.substring(0, cookie.indexOf(';')));
      RawHttp.Response page = RawHttp.send(port, "GET", "/", session, "");
      assertTrue(page.body().contains("id=\"schedules\""), page.body());
      assertEquals(403, RawHttp.send(port, "POST", "/api/schedules/pos-etl/pause", session, "").status(),
          "a session cookie alone is what CSRF abuses");
      String csrf = csrf(port, session);
      Map<String, String> pageRequest = new java.util.HashMap<>(session);
      pageRequest.put(OpsAccess.CSRF_HEADER, csrf);
      assertEquals(200, RawHttp.send(port, "POST", "/api/schedules/pos-etl/pause", pageRequest, "").status());
    }
  }

  @Test
  void aFailureAnswersWithoutItsDetails() throws Exception {
    OpsServerTest.FakeScheduler failing = new OpsServerTest.FakeScheduler() {
      @Override
      public Optional<ScheduleView> describe(String kind) {
        throw new IllegalStateException("cannot read /etc/poslake/secret.env at 10.1.2.3");
      }
    };
    try (PipelineMetrics metrics = new PipelineMetrics();
         OpsServer server = OpsServer.start(0, failing, null, metrics)) {
      RawHttp.Response r = RawHttp.send(server.port(), "GET", "/api/schedules", Map.of(), "");
      assertEquals(500, r.status());
      assertFalse(r.body().contains("secret.env") || r.body().contains("10.1.2.3"), r.body());
      assertTrue(JSON.readTree(r.body()).get("error").asText().startsWith("internal error, incident "), r.body());
    }
  }

  @Test
  void notesCannotForgeLogLines() {
    assertEquals("done\\n12:00:00.000 INFO forged", LogSafe.text("done\n12:00:00.000 INFO forged"));
    assertEquals("a\\r\\tb\\u001b[31m", LogSafe.text("a\r\tb\u001b[31m"));
    assertTrue(LogSafe.text("x".repeat(10_000)).length() <= LogSafe.MAX + 3);
  }

  private static String csrf(int port, Map<String, String> headers) throws Exception {
    return JSON.readTree(RawHttp.send(port, "GET", "/api/csrf-token", headers, "").body()).get("token").asText();
  }
}
