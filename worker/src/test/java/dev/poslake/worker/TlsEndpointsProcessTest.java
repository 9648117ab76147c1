package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.embedded.EmbeddedS3;
import dev.poslake.testing.TestCertificates;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS endpoints configured as a user would, in real `pos` processes: an S3 server that speaks HTTPS with a
 * certificate of a private CA, trusted through the JVM's trust store (POS_JAVA_OPTS / JAVA_TOOL_OPTIONS): the
 * bucket check and the Iceberg tables' metadata go over HTTPS; without that trust the command fails with one line. A bad Temporal TLS
 * file stops a command at start with one line.
 */
class TlsEndpointsProcessTest {
  @TempDir Path dir;

  @Test
  void tablesLiveOnS3OverHttpsWithAPrivateCa() throws Exception {
    TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
    String secret = "https-secret-" + System.nanoTime();
    try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), "pos", "poshttps", secret, certs.keyStore(),
        certs.password())) {
      assertTrue(s3.endpoint().startsWith("https://127.0.0.1:"), s3.endpoint());
      Map<String, String> env = new HashMap<>(Map.of("S3_ENDPOINT", s3.endpoint(), "S3_BUCKET", "pos",
          "S3_ACCESS_KEY_ID", "poshttps", "S3_SECRET_ACCESS_KEY", secret,
          "POS_DATA_DIR", dir.resolve("data").toString()));
      try (PosProcesses untrusted = new PosProcesses(dir, env)) {
        PosProcesses.Child table = untrusted.start("untrusted", "table", "item");
        assertTrue(table.process().waitFor(120, TimeUnit.SECONDS), untrusted.tails(30));
        assertEquals(1, table.process().exitValue(), table.tail(30));
        assertEquals(1, table.output().lines().filter(l -> l.startsWith("error:")).count(), table.tail(30));
        assertTrue(table.output().lines().filter(l -> l.startsWith("error:")).findFirst().orElseThrow()
            .contains("S3_ENDPOINT"), table.tail(30));
      }
      env.put("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=" + certs.trustStore()
          + " -Djavax.net.ssl.trustStorePassword=" + certs.password() + " -Djavax.net.ssl.trustStoreType=PKCS12");
      try (PosProcesses pos = new PosProcesses(dir, env)) {
        // the bucket check (AWS SDK), then every table created and loaded (Iceberg's S3FileIO): all over HTTPS
        PosProcesses.Child table = pos.start("trusted", "table", "item", "--limit", "1");
        assertTrue(table.process().waitFor(120, TimeUnit.SECONDS), pos.tails(40));
        assertEquals(0, table.process().exitValue(), table.tail(60));
        try (var files = java.nio.file.Files.walk(dir.resolve("s3").resolve("pos").resolve("warehouse"))) {
          assertTrue(files.anyMatch(f -> f.toString().endsWith(".metadata.json")), "table metadata written to S3");
        }
      }
    }
  }

  @Test
  void aMissingTemporalCertificateStopsACommandWithOneLine() throws Exception {
    Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1",
        "TEMPORAL_TLS_CLIENT_CERT_PATH", dir.resolve("missing.crt").toString(),
        "TEMPORAL_TLS_CLIENT_KEY_PATH", dir.resolve("missing.key").toString(),
        "POS_DATA_DIR", dir.resolve("data").toString());
    try (PosProcesses pos = new PosProcesses(dir, env)) {
      PosProcesses.Child c = pos.start("etl", "etl", "--once");
      assertTrue(c.process().waitFor(60, TimeUnit.SECONDS), c.tail(30));
      assertEquals(1, c.process().exitValue(), c.tail(30));
      var errors = c.output().lines().filter(l -> l.startsWith("error:")).toList();
      assertEquals(1, errors.size(), c.tail(30));
      assertTrue(errors.get(0).contains("TEMPORAL_TLS_CLIENT_CERT_PATH=") && errors.get(0).contains("no such file"),
          errors.get(0));
      assertTrue(c.output().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace\n" + c.tail(30));
    }
  }
}
