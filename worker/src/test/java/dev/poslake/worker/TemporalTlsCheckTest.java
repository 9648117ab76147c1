package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.config.ConfigException;
import dev.poslake.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporal TLS settings (mTLS clusters, Temporal Cloud) are checked at start: one line naming the variable. */
class TemporalTlsCheckTest {
  @TempDir Path dir;

  private String error(Map<String, String> env) {
    return assertThrows(ConfigException.class, () -> TemporalConnection.profile(env)).getMessage();
  }

  @Test
  void missingFilesWrongContentAndACertificateWithoutKeyAreNamed() throws Exception {
    Path notPem = Files.writeString(dir.resolve("client.crt"), "hello, not a certificate\n");
    Path notKey = Files.writeString(dir.resolve("client.key"), "neither a key\n");
    TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
    String missing = dir.resolve("nope.pem").toString();

    assertEquals("TEMPORAL_TLS_CLIENT_CERT_PATH=" + missing + ": no such file",
        error(Map.of("TEMPORAL_TLS_CLIENT_CERT_PATH", missing, "TEMPORAL_TLS_CLIENT_KEY_PATH", notKey.toString())));
    assertTrue(error(Map.of("TEMPORAL_TLS_CLIENT_CERT_PATH", notPem.toString(), "TEMPORAL_TLS_CLIENT_KEY_PATH",
        notKey.toString())).startsWith("TEMPORAL_TLS_CLIENT_CERT_PATH=" + notPem + ": not a PEM X.509 certificate"));
    assertTrue(error(Map.of("TEMPORAL_TLS_CLIENT_CERT_PATH", certs.certificatePem().toString(),
        "TEMPORAL_TLS_CLIENT_KEY_PATH", notKey.toString())).startsWith("TEMPORAL_TLS_CLIENT_KEY_PATH=" + notKey
        + ": not a PEM private key"));
    assertTrue(error(Map.of("TEMPORAL_TLS_CLIENT_CERT_PATH", certs.certificatePem().toString()))
        .contains("set both TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH"));
    assertTrue(error(Map.of("TEMPORAL_TLS_SERVER_CA_CERT_PATH", notPem.toString()))
        .startsWith("TEMPORAL_TLS_SERVER_CA_CERT_PATH=" + notPem + ": not a PEM X.509 certificate"));
  }

  @Test
  void validSettingsPass() throws Exception {
    TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
    TemporalConnection.profile(Map.of("TEMPORAL_TLS_SERVER_CA_CERT_PATH", certs.certificatePem().toString(),
        "TEMPORAL_ADDRESS", "temporal.example:7233"));
    TemporalConnection.profile(Map.of());
  }
}
