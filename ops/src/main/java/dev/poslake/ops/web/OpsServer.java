package dev.poslake.ops.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.gold.GoldFreshness;
import dev.poslake.config.ConfigException;
import dev.poslake.ops.history.RunHistory;
import dev.poslake.ops.pipeline.PipelinePicture;
import dev.poslake.ops.metrics.LagProbe;
import dev.poslake.ops.metrics.PipelineMetrics;
import dev.poslake.ops.metrics.ProbeFailures;
import dev.poslake.ops.metrics.RunLogMetrics;
import dev.poslake.ops.runs.DataLossLog;
import dev.poslake.ops.runs.OpsAudit;
import dev.poslake.ops.runs.RunLogFeed;
import dev.poslake.ops.runs.RunLogQuery;
import dev.poslake.ops.runs.RunRow;
import dev.poslake.catalog.tables.PipelineRunsTable;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.ScheduleView;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.client.WorkflowClient;
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
 * GET  /                                      the page (static HTML + vanilla JS over the API, and the pipeline
 *                                             picture drawn on the server)
 * GET  /pipeline                              the pipeline picture alone (HTML with inline SVG), for the page's refresh
 * GET  /api/pipeline                          the picture's data: per node rows, last commit, lag, freshness,
 *                                             rejects, health; the newest rebuild
 * GET  /runs/{workflowId}/history             a run's history page (what `pos ops history` prints)
 * GET  /api/schedules                         state of every schedule
 * POST /api/schedules/{id}/pause|resume|trigger   note in ?note=, a text body or {"note": ...}; header
 *                                             X-CSRF-Token (or Authorization: Bearer)
 * GET  /api/csrf-token                        the CSRF token for API clients without an access token
 * POST /login                                 form field token: a session cookie for the page
 * GET  /api/runs?limit=N                      recent runs, newest first, with step timings, counts and links
 *                                             (history page; the Temporal Web UI when TEMPORAL_UI_URL is set)
 * GET  /api/attention?top=N                   per store, items below safety stock or negative
 * GET  /api/lag                               Kafka lag per partition, newest event in gold, freshness, lost
 *                                             Kafka offsets (the run log's records of data loss)
 * GET  /metrics                               Prometheus text format
 * GET  /health                                200 "ok"
 * </pre>
 * Every request passes {@link OpsAccess}: a Host allow-list, the access token when one is set (required for a
 * non-loopback address), and a CSRF token on state-changing requests, so that another web page in the user's
 * browser cannot read or pause the pipeline. Pause, resume and trigger are audited in {@code pipeline_runs}.
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
  private final DataLossLog dataLoss = new DataLossLog();
  private final LagProbe lag;
  private final Attention attention;
  private final PipelineMetrics metrics;
  private final String page;
  private final String loginPage;
  private final String historyPage;
  private final PipelineSource pipeline;
  private final RunLinks links;
  private final WorkflowClient temporal;
  private final OpsAccess access;
  private final PipelineResources resources;
  private volatile CachedAttention attentionCache;

  /** The attention list is computed for the largest top once per {@link #ATTENTION_CACHE_MILLIS} and sliced. */
  static final int ATTENTION_MAX_TOP = 100;

  private record CachedAttention(long at, List<Attention.Store> stores) {}

  private OpsServer(HttpServer http, OpsAccess access, PipelineScheduler schedules, PipelineResources resources,
      PipelineMetrics metrics, WorkflowClient temporal, String temporalUiUrl) {
    this.http = http;
    this.access = access;
    this.resources = resources;
    this.schedules = schedules;
    this.metrics = metrics;
    // without a catalog (unit tests) the page shows no runs
    this.runs = resources == null ? null : new RunLogFeed(
        resources.catalog().loadTable(resources.table(PipelineRunsTable.NAME)),
        new RunLogMetrics(metrics).andThen(dataLoss));
    this.lag = resources == null ? null : new LagProbe(resources, metrics);
    this.attention = new Attention(resources);
    this.pipeline = new PipelineSource(resources, lag, runs);
    this.temporal = temporal;
    this.links = new RunLinks(temporalUiUrl, temporal == null ? null : temporal.getOptions().getNamespace());
    this.page = new String(resource("index.html"), StandardCharsets.UTF_8)
        .replace("{{CSRF_TOKEN}}", access.csrfToken());
    this.loginPage = new String(resource("login.html"), StandardCharsets.UTF_8);
    this.historyPage = new String(resource("history.html"), StandardCharsets.UTF_8);
    AtomicInteger n = new AtomicInteger();
    this.handlers = Executors.newFixedThreadPool(4, r -> daemon(r, "pos-ops-http-" + n.incrementAndGet()));
    this.background = Executors.newScheduledThreadPool(2, r -> daemon(r, "pos-ops-poll-" + n.incrementAndGet()));
  }

  /** On 127.0.0.1:{@code port} without a token (tests). */
  public static OpsServer start(int port, PipelineScheduler schedules, PipelineResources resources,
      PipelineMetrics metrics) {
    return start(OpsServerOptions.loopback(port), schedules, resources, metrics);
  }

  /**
   * Starts serving on the options' address and port (port 0: any free one) and the background polls.
   *
   * @throws ConfigException naming the port and POS_OPS_PORT if it cannot be bound
   */
  public static OpsServer start(OpsServerOptions options, PipelineScheduler schedules, PipelineResources resources,
      PipelineMetrics metrics) {
    return start(options, schedules, resources, metrics, null);
  }

  /**
   * The same, with the Temporal client that the history pages read from (and whose namespace the Temporal Web UI
   * links name); null: history pages show the run log only, and no Web UI links.
   */
  public static OpsServer start(OpsServerOptions options, PipelineScheduler schedules, PipelineResources resources,
      PipelineMetrics metrics, WorkflowClient temporal) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(options.host()), options.port()), 0);
    } catch (IOException e) {
      throw new ConfigException("cannot serve the ops page on " + options.host() + ":" + options.port()
          + " (POS_OPS_HOST, POS_OPS_PORT): " + e.getMessage());
    }
    OpsServer s = new OpsServer(http, new OpsAccess(options.token(), options.publicNames()), schedules, resources,
        metrics, temporal, options.temporalUiUrl());
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

  /** The page's address on this machine. */
  public String url() {
    String host = http.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1"
        : http.getAddress().getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
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
      // details go to the log only: an error message can carry paths, hosts or data
      String incident = Long.toHexString(System.nanoTime());
      LOG.warn("ops request {} {} failed (incident {})", ex.getRequestMethod(),
          LogSafe.text(ex.getRequestURI().getPath()), incident, e);
      send(ex, 500, "application/json", json(Map.of("error", "internal error, incident " + incident
          + " in the server log")));
    } finally {
      ex.close();
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    Map<String, String> query = query(ex.getRequestURI());
    boolean stateChanging = !"GET".equals(method) && !"HEAD".equals(method);
    OpsAccess.Denial denied = access.check(ex, path, stateChanging);
    if (denied != null) {
      if (denied.status() == 401 && "GET".equals(method) && (path.equals("/") || path.equals("/index.html"))) {
        send(ex, 200, "text/html; charset=utf-8", login(""));
      } else {
        send(ex, denied.status(), "application/json", json(Map.of("error", denied.message())));
      }
      return;
    }
    if ("POST".equals(method)) {
      if (path.equals("/login")) {
        login(ex);
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
    String raw = ex.getRequestURI().getRawPath();
    if (raw.startsWith(RunLinks.HISTORY_PREFIX) && raw.endsWith(RunLinks.HISTORY_SUFFIX)) {
      // one escaped path segment: a workflow id may hold any character
      String segment = raw.substring(RunLinks.HISTORY_PREFIX.length(), raw.length() - RunLinks.HISTORY_SUFFIX.length());
      if (!segment.isEmpty() && !segment.contains("/")) {
        history(ex, URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
        return;
      }
    }
    switch (path) {
      case "/", "/index.html" -> send(ex, 200, "text/html; charset=utf-8",
          page.replace("{{PIPELINE}}", pictureOrNote()).getBytes(StandardCharsets.UTF_8));
      case "/pipeline" -> send(ex, 200, "text/html; charset=utf-8",
          PipelinePicture.html(pipeline.view()).getBytes(StandardCharsets.UTF_8));
      case "/api/pipeline" -> send(ex, 200, "application/json", json(pipeline.view()));
      case "/health" -> send(ex, 200, "text/plain; charset=utf-8", "ok\n".getBytes(StandardCharsets.UTF_8));
      case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
          metrics.scrape().getBytes(StandardCharsets.UTF_8));
      case "/api/schedules" -> send(ex, 200, "application/json", json(scheduleList()));
      case "/api/runs" -> send(ex, 200, "application/json",
          json(recentRuns(intParam(query, "limit", 50, 1, RunLogFeed.KEEP)).stream().map(this::withLinks).toList()));
      case "/api/attention" -> send(ex, 200, "application/json",
          json(attention(intParam(query, "top", 10, 1, ATTENTION_MAX_TOP))));
      case "/api/lag" -> send(ex, 200, "application/json", json(lagView()));
      case "/api/csrf-token" -> send(ex, 200, "application/json", json(Map.of("token", access.csrfToken(),
          "header", OpsAccess.CSRF_HEADER)));
      default -> send(ex, 404, "application/json", json(Map.of("error", "no such endpoint: " + path)));
    }
  }

  /** The picture for the page; if it cannot be measured the rest of the page still works (the 5 s refresh retries). */
  private String pictureOrNote() {
    try {
      return PipelinePicture.html(pipeline.view());
    } catch (RuntimeException e) {
      String incident = Long.toHexString(System.nanoTime());
      LOG.warn("ops page: pipeline picture failed (incident {})", incident, e);
      return "<p class=\"empty\">pipeline picture unavailable, incident " + incident + " in the server log</p>";
    }
  }

  /**
   * A run as JSON with {@code links}: its history page, and the run in the Temporal Web UI (null without one).
   * Operators' actions (kind ops) are rows of the run log, not workflows: no links.
   */
  private ObjectNode withLinks(RunView run) {
    ObjectNode n = JSON.valueToTree(run);
    if (!ScheduleKinds.ALL.contains(run.kind())) return n;
    ObjectNode l = n.putObject("links");
    l.put("history", RunLinks.history(run.workflowId()));
    l.put("temporal", links.temporal(run.workflowId(), run.runId()));
    return n;
  }

  /** GET /runs/{workflowId}/history: the Temporal history (if a client is set) and the run log's rows. */
  private void history(HttpExchange ex, String workflowId) throws IOException {
    List<RunRow> logged = resources == null ? List.of()
        : new RunLogQuery(resources.catalog(), resources.table(PipelineRunsTable.NAME)).run(workflowId);
    String runId = logged.isEmpty() ? null : logged.get(0).runId();
    RunHistory.Run h = null;
    String problem = "no Temporal client";
    if (temporal != null) {
      try {
        h = RunHistory.fetch(temporal, workflowId, runId);
      } catch (RuntimeException e) {
        // details go to the log only, as for any error of this server
        LOG.info("ops page: no Temporal history for {}: {}", LogSafe.text(workflowId), e.toString());
        problem = "not found in Temporal (it may have passed the namespace's retention)";
      }
    }
    if (h == null && logged.isEmpty()) {
      send(ex, 404, "application/json", json(Map.of("error", "no run " + workflowId + " in the run log or in Temporal")));
      return;
    }
    String body = HistoryPage.body(workflowId, h, problem, logged, links.temporal(workflowId, runId));
    send(ex, 200, "text/html; charset=utf-8", historyPage.replace("{{TITLE}}", "run")
        .replace("{{BODY}}", body).getBytes(StandardCharsets.UTF_8));
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
      m.put("changedBy", s.changedBy());
      m.put("changedAt", s.changedAt() == null ? null : s.changedAt().toEpochMilli());
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
    // who: the page and the address the request came from (the token, when set, is shared: it names no one)
    String by = "ops page " + ex.getRemoteAddress().getAddress().getHostAddress();
    Object result = switch (action) {
      case "pause" -> scheduleView(scheduleId, schedules.pause(kind, note, by));
      case "resume" -> scheduleView(scheduleId, schedules.resume(kind, note, by));
      case "trigger" -> schedules.trigger(kind, note);
      default -> null;
    };
    if (result == null) {
      send(ex, 404, "application/json", json(Map.of("error", "unknown action " + action)));
      return;
    }
    LOG.info("ops page: {} {} by {}{}", action, scheduleId, by, note == null || note.isBlank() ? ""
        : " (" + LogSafe.text(note) + ")");
    if (resources != null) OpsAudit.record(resources, action + "-" + scheduleId, by, note);
    background.execute(this::poll);
    send(ex, 200, "application/json", json(result));
  }

  private List<Attention.Store> attention(int top) {
    CachedAttention c = attentionCache;
    if (c == null || System.currentTimeMillis() - c.at() > ATTENTION_CACHE_MILLIS) {
      synchronized (this) { // one scan of gold at a time, whatever the requests
        c = attentionCache;
        if (c == null || System.currentTimeMillis() - c.at() > ATTENTION_CACHE_MILLIS) {
          c = new CachedAttention(System.currentTimeMillis(), attention.query(ATTENTION_MAX_TOP));
          attentionCache = c;
        }
      }
    }
    return c.stores().stream().map(store -> store.top(top)).toList();
  }

  /** The login form (with an error message, or none). */
  private byte[] login(String error) {
    return loginPage.replace("{{ERROR}}", error).getBytes(StandardCharsets.UTF_8);
  }

  /** POST /login, form field token: a session cookie and back to the page, or the form again. */
  private void login(HttpExchange ex) throws IOException {
    String body;
    try (InputStream in = ex.getRequestBody()) {
      body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }
    String offered = query(URI.create("/?" + body)).get("token");
    String session = access.login(offered);
    if (session == null) {
      LOG.warn("ops page: failed login from {}", ex.getRemoteAddress().getAddress().getHostAddress());
      send(ex, 401, "text/html; charset=utf-8", login("wrong token"));
      return;
    }
    ex.getResponseHeaders().add("Set-Cookie", OpsAccess.sessionCookie(session));
    ex.getResponseHeaders().set("Location", "/");
    send(ex, 303, "text/plain; charset=utf-8", new byte[0]);
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
    m.put("lostOffsetsTotal", dataLoss.totalLostOffsets());
    m.put("dataLoss", dataLoss.newest().stream().map(r -> {
      Map<String, Object> loss = new LinkedHashMap<>();
      loss.put("at", r.finishedAt() == null ? null : r.finishedAt().toEpochMilli());
      loss.put("kind", r.kind());
      loss.put("workflowId", r.workflowId());
      loss.put("lostOffsets", r.lostOffsets());
      loss.put("offsets", r.offsets());
      loss.put("note", r.note());
      return loss;
    }).toList());
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
    OpsAccess.secureHeaders(ex.getResponseHeaders());
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
