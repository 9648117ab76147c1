package dev.poslake.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the Chrome DevTools Protocol with the JDK's HTTP client and WebSocket only: no
 * browser download, no driver. Uses {@code /usr/bin/chromium} (Debian's package) or {@code $CHROMIUM}.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path DEFAULT_BINARY = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path userDataDir;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, Path userDataDir, WebSocket socket) {
    this.process = process;
    this.userDataDir = userDataDir;
    this.socket = socket;
  }

  static Path binary() {
    String env = System.getenv("CHROMIUM");
    return env == null || env.isBlank() ? DEFAULT_BINARY : Path.of(env);
  }

  /** Starts the browser and attaches to its first page. */
  static HeadlessChromium launch(int width, int height) throws Exception {
    Path binary = binary();
    if (!Files.isExecutable(binary)) {
      throw new AssertionError("Chromium not found at " + binary + ": install Debian's package "
          + "(apt-get install -y chromium, as .ci/run does) or set CHROMIUM");
    }
    Path dir = Files.createTempDirectory("poslake-chromium-");
    Process p = new ProcessBuilder(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + dir,
        "--window-size=" + width + "," + height, "--remote-debugging-port=0", "about:blank"))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("chromium.log").toFile())
        .start();
    try {
      Path portFile = dir.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
        if (!p.isAlive()) throw new AssertionError("Chromium exited: " + log(dir));
        if (System.nanoTime() > deadline) throw new AssertionError("no DevToolsActivePort in 30 s: " + log(dir));
        Thread.sleep(100);
      }
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      HttpClient http = HttpClient.newHttpClient();
      String pageSocket = null;
      while (pageSocket == null) {
        String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        for (JsonNode t : JSON.readTree(list)) {
          if ("page".equals(t.path("type").asText())) pageSocket = t.path("webSocketDebuggerUrl").asText();
        }
        if (pageSocket == null) {
          if (System.nanoTime() > deadline) throw new AssertionError("Chromium has no page target: " + list);
          Thread.sleep(100);
        }
      }
      HeadlessChromium[] self = new HeadlessChromium[1];
      CompletableFuture<HeadlessChromium> ready = new CompletableFuture<>();
      WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
          buffer.append(data);
          if (last) {
            String text = buffer.toString();
            buffer.setLength(0);
            ready.thenAccept(c -> c.onMessage(text));
          }
          w.request(1);
          return null;
        }
      }).get(30, TimeUnit.SECONDS);
      self[0] = new HeadlessChromium(p, dir, ws);
      ready.complete(self[0]);
      return self[0];
    } catch (Exception | Error e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private void onMessage(String text) {
    try {
      JsonNode m = JSON.readTree(text);
      if (m.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
        if (f != null) f.complete(m);
      }
    } catch (IOException e) {
      // not a protocol message: ignore
    }
  }

  /** Calls a DevTools method and returns its {@code result}. */
  JsonNode call(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
        .get(10, TimeUnit.SECONDS);
    JsonNode answer = f.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (answer.has("error")) throw new AssertionError(method + " failed: " + answer.get("error"));
    return answer.path("result");
  }

  void navigate(String url) throws Exception {
    call("Page.enable", Map.of());
    call("Page.navigate", Map.of("url", url));
  }

  /** Evaluates a JavaScript expression in the page (awaiting a promise) and returns its value as JSON. */
  JsonNode eval(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
        "awaitPromise", true));
    if (r.has("exceptionDetails")) throw new AssertionError("JS failed: " + expression + ": " + r.get("exceptionDetails"));
    return r.path("result").path("value");
  }

  /** Polls {@code expression} until it is true. */
  void await(String expression, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String guarded = "(() => { try { return !!(" + expression + "); } catch (e) { return false; } })()";
    while (!evalDuringNavigation(guarded)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true within " + timeout + ": " + expression + "; page text: "
            + eval("document.body ? document.body.innerText.slice(0, 2000) : ''").asText());
      }
      Thread.sleep(200);
    }
  }

  /** False while the page is still loading (no execution context yet, or it was replaced). */
  private boolean evalDuringNavigation(String expression) throws Exception {
    try {
      return eval(expression).asBoolean(false);
    } catch (AssertionError e) {
      return false;
    }
  }

  /** A PNG of the whole page. */
  byte[] screenshotFullPage(int width) throws Exception {
    JsonNode metrics = call("Page.getLayoutMetrics", Map.of());
    int height = (int) Math.ceil(metrics.path("cssContentSize").path("height").asDouble(1000));
    call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
        "mobile", false));
    JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
    return Base64.getDecoder().decode(shot.path("data").asText());
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("chromium.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() throws Exception {
    try {
      socket.abort();
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      dev.poslake.testing.TempDirs.deleteRecursively(userDataDir);
    }
  }
}
