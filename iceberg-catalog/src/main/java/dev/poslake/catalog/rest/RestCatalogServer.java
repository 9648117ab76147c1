package dev.poslake.catalog.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.poslake.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's catalog as a read-only Iceberg REST catalog on 127.0.0.1, for engines that read REST most
 * easily (Trino, DuckDB, Spark, Snowflake via a tunnel): {@code http://127.0.0.1:<port>}. It lists and loads
 * tables through {@link org.apache.iceberg.rest.CatalogHandlers}, the handlers of Iceberg's own REST test
 * server; every write is refused, because the pipeline is the tables' only writer. It vends no S3 keys, and answers
 * only requests addressed to a loopback name (no DNS rebinding from a web page).
 */
public final class RestCatalogServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RestCatalogServer.class);

  private final HttpServer server;
  private final ExecutorService threads;

  private RestCatalogServer(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /**
   * Serves {@code catalog} on 127.0.0.1:{@code port} (0: any free port).
   *
   * @param clientDefaults catalog properties every client gets unless it sets them itself (S3 endpoint, region;
   *     never keys)
   * @throws ConfigException naming POS_CATALOG_REST_PORT if the port cannot be bound
   */
  public static RestCatalogServer start(Catalog catalog, int port, Map<String, String> clientDefaults) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new ConfigException("cannot serve the REST catalog on 127.0.0.1:" + port + " (POS_CATALOG_REST_PORT): "
          + e.getMessage());
    }
    RestRoutes routes = new RestRoutes(catalog, clientDefaults);
    server.createContext("/", exchange -> handle(routes, exchange));
    ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "rest-catalog");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.start();
    return new RestCatalogServer(server, threads);
  }

  private static void handle(RestRoutes routes, HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      RestRoutes.Reply reply;
      try {
        reply = loopbackName(exchange.getRequestHeaders().getFirst("Host"))
            ? routes.route(method, exchange.getRequestURI())
            : error(403, "Forbidden", "only requests addressed to 127.0.0.1, localhost or [::1] are answered");
      } catch (NoSuchNamespaceException | NoSuchTableException e) {
        reply = error(404, e);
      } catch (RuntimeException e) {
        LOG.warn("REST catalog: {} {} failed", method, exchange.getRequestURI(), e);
        reply = error(500, e);
      }
      byte[] body = reply.json() == null ? new byte[0] : reply.json().getBytes(StandardCharsets.UTF_8);
      if (body.length > 0) exchange.getResponseHeaders().set("Content-Type", "application/json");
      boolean noBody = body.length == 0 || "HEAD".equals(method);
      exchange.sendResponseHeaders(reply.status(), noBody ? -1 : body.length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** A web page whose own name resolves to 127.0.0.1 (DNS rebinding) sends its name, not one of these. */
  static boolean loopbackName(String hostHeader) {
    if (hostHeader == null) return false;
    String host = hostHeader.startsWith("[") ? hostHeader.substring(0, hostHeader.indexOf(']') + 1)
        : hostHeader.replaceFirst(":\\d+$", "");
    return host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost") || host.equals("[::1]");
  }

  static RestRoutes.Reply error(int status, Exception e) {
    return error(status, e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
  }

  static RestRoutes.Reply error(int status, String type, String message) {
    ErrorResponse r = ErrorResponse.builder().responseCode(status).withType(type).withMessage(message).build();
    return new RestRoutes.Reply(status, ErrorResponseParser.toJson(r));
  }

  /** Of the pipeline's catalog properties, those a client may take over: where S3 is, never its keys. */
  public static Map<String, String> clientDefaults(Map<String, String> catalogProperties) {
    Map<String, String> d = new java.util.TreeMap<>();
    for (String k : java.util.List.of("s3.endpoint", "s3.path-style-access", "client.region")) {
      if (catalogProperties.containsKey(k)) d.put(k, catalogProperties.get(k));
    }
    return d;
  }

  /** http://127.0.0.1:port, the URI clients configure. */
  public String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
