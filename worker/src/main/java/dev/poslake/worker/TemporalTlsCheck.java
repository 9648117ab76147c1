package dev.poslake.worker;

import dev.poslake.config.ConfigException;
import io.temporal.envconfig.ClientConfigTLS;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * Checks the Temporal TLS settings (TEMPORAL_TLS_* as the Temporal CLI reads them) before connecting, so that a
 * missing or wrong certificate or key stops the program at start with one line naming the variable, instead of a
 * gRPC handshake error minutes later or a stack trace.
 */
final class TemporalTlsCheck {
  private TemporalTlsCheck() {}

  static void check(ClientConfigTLS tls) {
    if (tls == null || Boolean.TRUE.equals(tls.isDisabled())) return;
    byte[] cert = read("TEMPORAL_TLS_CLIENT_CERT", tls.getClientCertPath(), tls.getClientCertData());
    byte[] key = read("TEMPORAL_TLS_CLIENT_KEY", tls.getClientKeyPath(), tls.getClientKeyData());
    byte[] ca = read("TEMPORAL_TLS_SERVER_CA_CERT", tls.getServerCACertPath(), tls.getServerCACertData());
    if ((cert == null) != (key == null)) {
      throw new ConfigException("a Temporal client certificate needs its key: set both TEMPORAL_TLS_CLIENT_CERT_PATH "
          + "and TEMPORAL_TLS_CLIENT_KEY_PATH (or their _DATA forms), or neither");
    }
    if (cert != null) certificates("TEMPORAL_TLS_CLIENT_CERT", tls.getClientCertPath(), cert);
    if (key != null) privateKey(tls.getClientKeyPath(), key);
    if (ca != null) certificates("TEMPORAL_TLS_SERVER_CA_CERT", tls.getServerCACertPath(), ca);
  }

  /** The content from the _PATH file or the _DATA value; null if neither is set. */
  private static byte[] read(String variable, String path, byte[] data) {
    if (path != null && !path.isBlank()) {
      Path file = Path.of(path);
      if (!Files.isRegularFile(file)) {
        throw new ConfigException(variable + "_PATH=" + path + ": no such file");
      }
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new ConfigException(variable + "_PATH=" + path + ": cannot read it (" + e.getMessage() + ")");
      }
    }
    return data == null || data.length == 0 ? null : data;
  }

  private static void certificates(String variable, String path, byte[] pem) {
    String where = path != null && !path.isBlank() ? variable + "_PATH=" + path : variable + "_DATA";
    try {
      if (CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).isEmpty()) {
        throw new CertificateException("no certificate in it");
      }
    } catch (CertificateException | RuntimeException e) {
      throw new ConfigException(where + ": not a PEM X.509 certificate (" + e.getMessage() + ")");
    }
  }

  private static void privateKey(String path, byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    if (!text.contains("-----BEGIN") || !text.contains("PRIVATE KEY-----")) {
      String where = path != null && !path.isBlank() ? "TEMPORAL_TLS_CLIENT_KEY_PATH=" + path
          : "TEMPORAL_TLS_CLIENT_KEY_DATA";
      throw new ConfigException(where + ": not a PEM private key (-----BEGIN ... PRIVATE KEY-----)");
    }
  }
}
