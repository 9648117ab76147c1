package dev.poslake.worker.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.config.PosSettings;
import dev.poslake.worker.PosProcesses.Child;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * `pos up` reaches its S3 server (S3_ENDPOINT, static keys) only through a proxy that answers
 * {@value #ERROR_SHARE} of the requests with 503 SlowDown or 500 InternalError (half of those after S3 applied the
 * request) and delays {@value #SLOW_SHARE} by {@value #SLOW_MILLIS} ms. A generator run and an ETL run must
 * complete; then `pos verify` must exit 0 and no layer lose or double a row. The test's own commands (trigger,
 * verify, the checks) use the S3 server directly.
 */
@Tag("faults-long")
class S3FaultsTest {
  static final double ERROR_SHARE = 0.25;
  static final double SLOW_SHARE = 0.05;
  static final long SLOW_MILLIS = 2000;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  @Test
  void pipelineRunsThroughS3ErrorsAndSlowResponses() throws Exception {
    int proxyPort = FreePorts.pick();
    String proxy = "http://127.0.0.1:" + proxyPort;
    Map<String, String> settings = new HashMap<>(PipelineUnderTest.SMALL_GENERATOR);
    settings.put(PosSettings.S3_ENDPOINT.key(), proxy);
    settings.put(PosSettings.S3_ACCESS_KEY_ID.key(), FaultyS3Main.ACCESS_KEY);
    settings.put(PosSettings.S3_SECRET_ACCESS_KEY.key(), FaultyS3Main.SECRET_KEY);
    try (PipelineUnderTest pos = new PipelineUnderTest(tmp, settings)) {
      Child s3 = pos.processes().startMain("s3", List.of("-Djdk.httpclient.allowRestrictedHeaders=host"),
          FaultyS3Main.class, tmp.resolve("s3").toString(), PosSettings.S3_BUCKET.defaultValue(),
          String.valueOf(proxyPort), String.valueOf(ERROR_SHARE), String.valueOf(SLOW_SHARE),
          String.valueOf(SLOW_MILLIS), "42");
      s3.awaitOutput(FaultyS3Main.READY, 120);
      Matcher backend = Pattern.compile("\\(S3 (http://\\S+)\\)").matcher(s3.output());
      assertTrue(backend.find(), s3.output());
      pos.commandsUse(Map.of(PosSettings.S3_ENDPOINT.key(), backend.group(1)));
      long start = System.nanoTime();
      Child up = pos.startUp();
      PipelineUnderTest.Run generated = pos.runToCompletion(up, "generator", 600);
      PipelineUnderTest.Run etl = pos.runToCompletion(up, "etl", 900);
      double seconds = (System.nanoTime() - start) / 1e9;
      String faults = admin(proxy, "POST", "/__faults/off");
      LayerChecker.Counts counts = pos.verifyAndCount();
      ScenarioRecord.write("S3 behind a proxy: " + (int) (ERROR_SHARE * 100) + "% of requests 503 SlowDown / 500 "
          + "InternalError (half after S3 applied them), " + (int) (SLOW_SHARE * 100) + "% delayed " + SLOW_MILLIS
          + " ms, from `up`'s start to the ETL's end (" + faults + ")", "generator run and ETL run completed, "
          + (generated.retriedActivities() + etl.retriedActivities()) + " activity retries; verify exit 0", counts,
          seconds);
      assertTrue(counts.clean(), counts + "\n" + pos.tails(40));
    }
  }

  /** A request to the proxy's own endpoint (not S3); returns its counts. */
  private static String admin(String proxy, String method, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(proxy + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body().trim();
  }
}
