package dev.poslake.ops.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.gold.GoldFreshness;
import dev.poslake.config.ConfigException;
import dev.poslake.ops.metrics.LagProbe;
import dev.poslake.ops.metrics.PipelineMetrics;
import dev.poslake.ops.metrics.ProbeFailures;
import dev.poslake.ops.metrics.RunLogMetrics;
import dev.poslake.ops.runs.RunLogFeed;
import dev.poslake.catalog.tables.PipelineRunsTable;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.ScheduleView;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops web page and its JSON API on 127.0.0.1, plus Prometheus {@code /metrics} and {@code /health}:
 * <pre>
 * GET  /                                      the page (static HTML + vanilla JS over the API)
 * GET  /api/schedules                         state of every schedule
 * POST /api/schedules/{id}/pause|resume|trigger   note in ?note=, a text body or {"note": ...}
 * GET  /api/runs?limit=N                      recent runs, newest first, with step timings and counts
 * GET  /api/attention?top=N                   per store, items below safety stock or negative
 * GET  /api/lag                               Kafka lag per partition, newest event in gold, freshness
 * GET  /metrics                               Prometheus text format
 * GET  /health                                200 "ok"
 * </pre>
 * Cross-origin POSTs are refused (a POST whose Origin is not this server's), so that another web page in the
 * user's browser cannot pause the pipeline.
 */
public final class OpsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
  static final ObjectMapper JSON = new ObjectMapper();
  static final long RUNS_POLL_MILLIS = 2_000;
  static final long LAG_PROBE_MILLIS = 15_000;
  static final long ATTENTION_CACHE_MILLIS = 10_000;

  private final HttpServer http;
  private final ExecutorService handlers;
  private final ScheduledExecutorService background;
  private final PipelineScheduler schedules;
  private final RunLogFeed runs;
  private final LagProbe lag;
  private final Attention attention;
  private final PipelineMetrics metrics;
  private final byte[] page;
  private volatile CachedAttention attentionCache;

  private record CachedAttention(long at, int top, List<Attention.Store> stores) {}

  private OpsServer(HttpServer http, PipelineScheduler schedules, PipelineResources resources,
      PipelineMetrics metrics) {
    this.http = http;
    this.schedules = schedules;
    this.metrics = metrics;
    // without a catalog (unit tests) the page shows no runs
    this.runs = resources == null ? null : new RunLogFeed(
        resources.catalog().loadTable(resources.table(PipelineRunsTable.NAME)), new RunLogMetrics(metrics));
    this.lag = resources == null ? null : new LagProbe(resources, metrics);
    this.attention = new Attention(resources);
    this.page = resource("index.html");
    AtomicInteger n = new AtomicInteger();
    this.handlers = Executors.newFixedThreadPool(4, r -> daemon(r, "pos-ops-http-" + n.incrementAndGet()));
    this.background = Executors.newScheduledThreadPool(2, r -> daemon(r, "pos-ops-poll-" + n.incrementAndGet()));
  }

  /**
   * Starts serving on 127.0.0.1:{@code port} (0: any free port) and the background polls.
   *
   * @throws ConfigException naming the port and POS_OPS_PORT if it cannot be bound
   */
  public static OpsServer start(int port, PipelineScheduler schedules, PipelineResources resources,
      PipelineMetrics metrics) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new ConfigException("cannot serve the ops page on 127.0.0.1:" + port + " (POS_OPS_PORT): "
          + e.getMessage());
    }
    OpsServer s = new OpsServer(http, schedules, resources, metrics);
    http.createContext("/", s::handle);
    http.setExecutor(s.handlers);
    http.start();
    s.background.scheduleWithFixedDelay(s::poll, 0, RUNS_POLL_MILLIS, TimeUnit.MILLISECONDS);
    if (s.lag != null) s.background.scheduleWithFixedDelay(s.lag::measure, 0, LAG_PROBE_MILLIS, TimeUnit.MILLISECONDS);
    return s;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /** The newest runs from the run log, newest first. */
  public List<RunView> recentRuns(int limit) {
    return runs == null ? List.of() : runs.recent(limit).stream().map(RunView::of).toList();
  }

  /** Reads new run log rows (feeding the run metrics) and the schedules' paused state. */
  void poll() {
    if (runs != null) {
      try {
        runs.poll();
        metrics.probeFailures().succeeded(ProbeFailures.RUN_LOG, LOG, "reading the run log");
      } catch (RuntimeException e) {
        metrics.probeFailures().failed(ProbeFailures.RUN_LOG, LOG, "reading the run log", e);
      }
    }
    try {
      for (String kind : ScheduleKinds.ALL) {
        schedules.describe(kind).ifPresent(v -> metrics.gauge("pos_schedule_paused",
            "1 while the schedule is paused", v.paused() ? 1 : 0, "schedule", v.scheduleId()));
      }
      metrics.probeFailures().succeeded(ProbeFailures.SCHEDULES, LOG, "describing the schedules");
    } catch (RuntimeException e) {
      metrics.probeFailures().failed(ProbeFailures.SCHEDULES, LOG, "describing the schedules", e);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      route(ex);
    } catch (IllegalArgumentException e) {
      send(ex, 400, "application/json", json(Map.of("error", String.valueOf(e.getMessage()))));
    } catch (RuntimeException e) {
      LOG.warn("ops request {} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
      send(ex, 500, "application/json", json(Map.of("error", String.valueOf(e.getMessage()))));
    } finally {
      ex.close();
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    Map<String, String> query = query(ex.getRequestURI());
    if ("POST".equals(method)) {
      String origin = ex.getRequestHeaders().getFirst("Origin");
      String host = ex.getRequestHeaders().getFirst("Host");
      if (origin != null && !origin.equals("http://" + host)) {
        send(ex, 403, "application/json", json(Map.of("error", "cross-origin request refused")));
        return;
      }
      if (path.startsWith("/api/schedules/")) {
        String[] parts = path.substring("/api/schedules/".length()).split("/");
        if (parts.length == 2) {
          scheduleAction(ex, parts[0], parts[1], note(ex, query));
          return;
        }
      }
      send(ex, 404, "application/json", json(Map.of("error", "no such endpoint: POST " + path)));
      return;
    }
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      send(ex, 405, "application/json", json(Map.of("error", "method not allowed")));
      return;
    }
    switch (path) {
      case "/", "/index.html" -> send(ex, 200, "text/html; charset=utf-8", page);
      case "/health" -> send(ex, 200, "text/plain; charset=utf-8", "ok\n".getBytes(StandardCharsets.UTF_8));
      case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
          metrics.scrape().getBytes(StandardCharsets.UTF_8));
      case "/api/schedules" -> send(ex, 200, "application/json", json(scheduleList()));
      case "/api/runs" -> send(ex, 200, "application/json",
          json(recentRuns(intParam(query, "limit", 50, 1, RunLogFeed.KEEP))));
      case "/api/attention" -> send(ex, 200, "application/json",
          json(attention(intParam(query, "top", 10, 1, 1000))));
      case "/api/lag" -> send(ex, 200, "application/json", json(lagView()));
      default -> send(ex, 404, "application/json", json(Map.of("error", "no such endpoint: " + path)));
    }
  }

  private List<Map<String, Object>> scheduleList() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String kind : ScheduleKinds.ALL) {
      out.add(scheduleView(ScheduleKinds.scheduleId(kind), schedules.describe(kind).orElse(null)));
    }
    return out;
  }

  /** A schedule as JSON-friendly values (the interval as ISO-8601 text, times as epoch millis). */
  private static Map<String, Object> scheduleView(String id, ScheduleView s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("exists", s != null);
    if (s != null) {
      m.put("kind", s.kind());
      m.put("backend", s.backend());
      m.put("paused", s.paused());
      m.put("note", s.note());
      m.put("interval", s.interval() == null ? null : s.interval().toString());
      m.put("nextRunAt", s.paused() || s.nextRunAt() == null ? null : s.nextRunAt().toEpochMilli());
      m.put("started", s.started());
      m.put("skipped", s.skipped());
      m.put("lastRun", s.lastRun());
      m.put("recentRuns", s.recentRuns());
    }
    return m;
  }

  /** {@code id}: a schedule id (pos-etl) or a kind (etl). */
  private void scheduleAction(HttpExchange ex, String id, String action, String note) throws IOException {
    String kind;
    try {
      kind = ScheduleKinds.normalize(id);
    } catch (IllegalArgumentException unknown) {
      kind = null;
    }
    if (kind == null || schedules.describe(kind).isEmpty()) {
      send(ex, 404, "application/json", json(Map.of("error", "no schedule " + id)));
      return;
    }
    String scheduleId = ScheduleKinds.scheduleId(kind);
    Object result = switch (action) {
      case "pause" -> scheduleView(scheduleId, schedules.pause(kind, note));
      case "resume" -> scheduleView(scheduleId, schedules.resume(kind, note));
      case "trigger" -> schedules.trigger(kind, note);
      default -> null;
    };
    if (result == null) {
      send(ex, 404, "application/json", json(Map.of("error", "unknown action " + action)));
      return;
    }
    LOG.info("ops page: {} {}{}", action, scheduleId, note == null || note.isBlank() ? "" : " (" + note + ")");
    background.execute(this::poll);
    send(ex, 200, "application/json", json(result));
  }

  private List<Attention.Store> attention(int top) {
    CachedAttention c = attentionCache;
    if (c == null || c.top() != top || System.currentTimeMillis() - c.at() > ATTENTION_CACHE_MILLIS) {
      c = new CachedAttention(System.currentTimeMillis(), top, attention.query(top));
      attentionCache = c;
    }
    return c.stores();
  }

  private Map<String, Object> lagView() {
    LagProbe.Lag l = lag == null ? null : lag.last();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("measuredAt", l == null ? null : l.measuredAt());
    m.put("kafkaLag", l == null ? null : l.kafkaLag());
    m.put("kafkaLagByPartition", l == null ? Map.of() : l.kafkaLagByPartition());
    GoldFreshness gold = l == null ? null : l.gold();
    m.put("newestGoldEventMillis", gold == null ? null : gold.newestEventMillis());
    m.put("goldFreshnessMillis", gold == null ? null : gold.millis());
    m.put("sourceTimeMillis", gold == null ? null : gold.sourceTimeMillis());
    m.put("sourceClock", gold == null ? null : gold.sourceIsGenerator() ? "generator" : "wall");
    return m;
  }

  private static String note(HttpExchange ex, Map<String, String> query) throws IOException {
    String note = query.get("note");
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(64 * 1024);
    }
    String text = new String(body, StandardCharsets.UTF_8).trim();
    if (!text.isEmpty()) {
      if (text.startsWith("{")) {
        JsonNode n = JSON.readTree(text).get("note");
        if (n != null && !n.isNull()) note = n.asText();
      } else {
        note = text;
      }
    }
    if (note != null && note.length() > 500) throw new IllegalArgumentException("note longer than 500 characters");
    return note == null ? "" : note;
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> m = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) return m;
    for (String kv : raw.split("&")) {
      int eq = kv.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      m.put(k, v);
    }
    return m;
  }

  private static int intParam(Map<String, String> q, String name, int dflt, int min, int max) {
    String v = q.get(name);
    if (v == null || v.isBlank()) return dflt;
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) throw new NumberFormatException();
      return i;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer in [" + min + ", " + max + "]");
    }
  }

  private static byte[] json(Object o) {
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = OpsServer.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    http.stop(0);
    background.shutdownNow();
    handlers.shutdownNow();
  }
}
