package dev.poslake.worker;

import com.sun.net.httpserver.HttpServer;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /health}: 200 "ok" while the worker polls its task queue, 503 otherwise (starting, shutting
 * down). For liveness/readiness probes and systemd watchdogs. {@code GET /metrics}: Prometheus text format
 * (the Temporal SDK's worker and client metrics, as `pos up` serves them).
 */
public final class WorkerHealth implements AutoCloseable {
  private final HttpServer server;

  private WorkerHealth(HttpServer server) {
    this.server = server;
  }

  /** @param metrics the Prometheus text of {@code GET /metrics} */
  public static WorkerHealth start(String host, int port, Supplier<WorkerFactory> workers,
      Supplier<String> metrics) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(200, -1);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.createContext("/health", exchange -> {
      WorkerFactory f = workers.get();
      boolean polling = f != null && f.isStarted() && !f.isShutdown();
      byte[] body = (polling ? "ok\n" : "not polling\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(polling ? 200 : 503, -1);
      } else {
        exchange.sendResponseHeaders(polling ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
    return new WorkerHealth(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
