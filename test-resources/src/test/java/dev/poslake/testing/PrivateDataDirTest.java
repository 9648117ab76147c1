package dev.poslake.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.config.PosSettings;
import dev.poslake.config.PrivateFiles;
import dev.poslake.embedded.EmbeddedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded stack's secrets are its own: random S3 keys per data dir, the data dir 0700, secret files 0600. */
class PrivateDataDirTest {

  static EmbeddedStack start(Path dir) throws Exception {
    return EmbeddedStack.startOrAttach(new EmbeddedStack.Options(dir, false, true, false, "pos", "t", 1));
  }

  @Test
  void eachDataDirHasItsOwnKeysAndOnlyItsOwnerReadsThem(@TempDir Path tmp) throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Map<String, String> first;
    try (EmbeddedStack stack = start(a)) {
      first = stack.settings();
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a)));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.resolve(
          "stack.properties"))));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.resolve(
          "stack-credentials.properties"))));
      String key = first.get(PosSettings.S3_ACCESS_KEY_ID.key());
      String secret = first.get(PosSettings.S3_SECRET_ACCESS_KEY.key());
      assertTrue(secret.length() >= 32 && !secret.equals("poslake-secret"), "a random secret");
      assertTrue(key.startsWith("pos") && !key.equals("poslake"), key);
    }
    try (EmbeddedStack again = start(a)) {
      assertEquals(first.get(PosSettings.S3_SECRET_ACCESS_KEY.key()),
          again.settings().get(PosSettings.S3_SECRET_ACCESS_KEY.key()), "a restart keeps the data dir's keys");
    }
    try (EmbeddedStack other = start(b)) {
      assertNotEquals(first.get(PosSettings.S3_SECRET_ACCESS_KEY.key()),
          other.settings().get(PosSettings.S3_SECRET_ACCESS_KEY.key()), "no two data dirs share keys");
    }
  }

  @Test
  void anExistingDataDirIsMadePrivate(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("open"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    PrivateFiles.directory(dir);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
  }
}
