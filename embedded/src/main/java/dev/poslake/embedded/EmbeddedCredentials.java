package dev.poslake.embedded;

import dev.poslake.config.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The embedded S3 server's keys: random, made at the first start of a data dir and kept in
 * {@code stack-credentials.properties} (0600), so a restart and the other processes on the data dir use the same
 * ones, and no two data dirs share them (fixed keys in the source would be everyone's keys).
 */
record EmbeddedCredentials(String accessKey, String secretKey) {
  static final String FILE = "stack-credentials.properties";
  private static final SecureRandom RANDOM = new SecureRandom();

  static EmbeddedCredentials loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
      String key = p.getProperty("s3.access-key-id");
      String secret = p.getProperty("s3.secret-access-key");
      if (key != null && secret != null && !key.isBlank() && !secret.isBlank()) {
        return new EmbeddedCredentials(key, secret);
      }
    }
    byte[] id = new byte[8];
    byte[] secret = new byte[30];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    EmbeddedCredentials c = new EmbeddedCredentials("pos" + HexFormat.of().formatHex(id),
        Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    Properties p = new Properties();
    p.setProperty("s3.access-key-id", c.accessKey());
    p.setProperty("s3.secret-access-key", c.secretKey());
    StringWriter w = new StringWriter();
    p.store(w, "keys of the embedded S3 server of this data dir");
    PrivateFiles.write(file, w.toString());
    return c;
  }

  @Override
  public String toString() {
    return "EmbeddedCredentials[accessKey=" + accessKey + ", secretKey=****]";
  }
}
