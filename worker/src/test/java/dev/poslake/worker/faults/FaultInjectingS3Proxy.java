package dev.poslake.worker.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * An HTTP proxy (a Jetty handler) in front of an S3 server that answers a share of requests with a 5xx error and
 * delays another share. Errors alternate between a 503 SlowDown the backend never sees and a 500 InternalError
 * returned after the backend applied the request (the client cannot tell whether its PUT or DELETE happened).
 *
 * <p>Requests are SigV4-signed over the Host header, so it is forwarded unchanged: the JVM needs
 * {@code -Djdk.httpclient.allowRestrictedHeaders=host} before java.net.http loads ({@link FaultyS3Main}). Bodies
 * (aws-chunked included) pass as opaque bytes with their length; Jetty answers {@code Expect: 100-continue} when
 * the body is read. {@code GET /__faults} reports the counts, {@code POST /__faults/off} (or {@code /on}) switches
 * the faults.
 */
final class FaultInjectingS3Proxy extends Handler.Abstract {
  /** Hop-by-hop headers and those java.net.http sets itself (Host is set explicitly). */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
      "transfer-encoding", "te", "trailer", "upgrade", "expect", "content-length", "host");
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private enum Fault { NONE, SLOW, ERROR_BEFORE, ERROR_AFTER }

  private final String backend;
  private final double errorShare;
  private final double slowShare;
  private final long slowMillis;
  private final Random random;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong errorsBefore = new AtomicLong();
  private final AtomicLong errorsAfter = new AtomicLong();
  private final AtomicLong slowed = new AtomicLong();
  private volatile boolean enabled = true;
  private boolean nextErrorAfter;

  FaultInjectingS3Proxy(String backend, double errorShare, double slowShare, long slowMillis, long seed) {
    this.backend = backend;
    this.errorShare = errorShare;
    this.slowShare = slowShare;
    this.slowMillis = slowMillis;
    this.random = new Random(seed);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String pathQuery = request.getHttpURI().getPathQuery();
    if (pathQuery.startsWith("/__faults")) return admin(request, response, callback, pathQuery);
    requests.incrementAndGet();
    Fault fault = draw();
    if (fault == Fault.ERROR_BEFORE) {
      errorsBefore.incrementAndGet();
      return error(request, response, callback, 503, "SlowDown", "Please reduce your request rate.");
    }
    if (fault == Fault.SLOW) {
      slowed.incrementAndGet();
      Thread.sleep(slowMillis);
    }
    byte[] body = Request.asInputStream(request).readAllBytes();
    HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(backend + pathQuery))
        .timeout(Duration.ofMinutes(2))
        .method(request.getMethod(), body.length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
    for (HttpField f : request.getHeaders()) {
      if (!NOT_FORWARDED.contains(f.getLowerCaseName())) forward.header(f.getName(), f.getValue());
    }
    forward.header("Host", request.getHeaders().get(HttpHeader.HOST));
    HttpResponse<byte[]> upstream = client.send(forward.build(), BodyHandlers.ofByteArray());
    if (fault == Fault.ERROR_AFTER) {
      errorsAfter.incrementAndGet();
      return error(request, response, callback, 500, "InternalError", "We encountered an internal error.");
    }
    response.setStatus(upstream.statusCode());
    upstream.headers().map().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        values.forEach(v -> response.getHeaders().add(name, v));
      }
    });
    if (request.getMethod().equals("HEAD")) {
      upstream.headers().firstValue("content-length").ifPresent(v -> response.getHeaders().put(HttpHeader.CONTENT_LENGTH, v));
      response.write(true, EMPTY, callback);
    } else {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, upstream.body().length);
      response.write(true, ByteBuffer.wrap(upstream.body()), callback);
    }
    return true;
  }

  private synchronized Fault draw() {
    if (!enabled) return Fault.NONE;
    double r = random.nextDouble();
    if (r < errorShare) {
      nextErrorAfter = !nextErrorAfter;
      return nextErrorAfter ? Fault.ERROR_AFTER : Fault.ERROR_BEFORE;
    }
    return r < errorShare + slowShare ? Fault.SLOW : Fault.NONE;
  }

  /** An S3 error document (none for HEAD, as S3 does). */
  private static boolean error(Request request, Response response, Callback callback, int status, String code,
      String message) {
    byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
        + "</Message><RequestId>fault-injected</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
    boolean head = request.getMethod().equals("HEAD");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, head ? 0 : xml.length);
    response.write(true, head ? EMPTY : ByteBuffer.wrap(xml), callback);
    return true;
  }

  private boolean admin(Request request, Response response, Callback callback, String path) {
    if (request.getMethod().equals("POST")) enabled = !path.endsWith("/off");
    byte[] text = stats().getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, text.length);
    response.write(true, ByteBuffer.wrap(text), callback);
    return true;
  }

  String stats() {
    return requests.get() + " requests: " + errorsBefore.get() + " answered 503 SlowDown unseen by S3, "
        + errorsAfter.get() + " answered 500 InternalError after S3 applied them, " + slowed.get() + " delayed "
        + slowMillis + " ms" + (enabled ? "" : " (faults off)");
  }
}
