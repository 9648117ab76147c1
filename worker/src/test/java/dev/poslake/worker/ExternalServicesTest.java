package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.poslake.config.ConfigException;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The start-up check of the bucket rides out an S3 server that is busy for a moment (5xx, 503 SlowDown), which the
 * fault suite's S3 scenario hit (docs/reliability.md), and still fails at once on an answer that a retry cannot
 * change. The server here answers HEAD bucket with a status only, as S3 does.
 */
class ExternalServicesTest {
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @AfterEach
  void stop() {
    if (server != null) server.stop(0);
  }

  @Test
  void aBusyServerIsAskedAgain() throws Exception {
    // more 503s in a row than the SDK's own attempts (4) for one call
    PosConfig config = serve(n -> n <= 6 ? 503 : 200);
    ExternalServices.checkBucket(config);
    assertEquals(7, requests.get());
  }

  @Test
  void aRefusalFailsAtOnce() throws Exception {
    PosConfig config = serve(n -> 403);
    ConfigException e = assertThrows(ConfigException.class, () -> ExternalServices.checkBucket(config));
    assertTrue(e.getMessage().startsWith("cannot use bucket pos (S3_BUCKET) on http://127.0.0.1:"), e.getMessage());
    assertEquals(1, requests.get());
  }

  /** A server answering the n-th request (from 1) with {@code status.apply(n)}; a config pointing at it. */
  private PosConfig serve(java.util.function.IntUnaryOperator status) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(status.applyAsInt(requests.incrementAndGet()), -1);
      exchange.close();
    });
    server.start();
    return PosConfig.of(Map.of(PosSettings.S3_ENDPOINT.key(), "http://127.0.0.1:" + server.getAddress().getPort(),
        PosSettings.S3_ACCESS_KEY_ID.key(), "key", PosSettings.S3_SECRET_ACCESS_KEY.key(), "secret"));
  }
}
