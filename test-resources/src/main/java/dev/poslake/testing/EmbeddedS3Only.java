package dev.poslake.testing;

import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.embedded.EmbeddedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Only the embedded S3 server, in a fresh data dir: for tests that need the real object store and nothing else. */
public final class EmbeddedS3Only implements AutoCloseable {
  private final EmbeddedStack stack;
  private final PosConfig config;
  private final Path dataDir;

  private EmbeddedS3Only(EmbeddedStack stack, PosConfig config, Path dataDir) {
    this.stack = stack;
    this.config = config;
    this.dataDir = dataDir;
  }

  public static EmbeddedS3Only start() throws Exception {
    Path dir = Files.createTempDirectory("poslake-s3-");
    PosConfig base = PosConfig.of(Map.of(PosSettings.DATA_DIR.key(), dir.toString()));
    EmbeddedStack stack = EmbeddedStack.startOrAttach(new EmbeddedStack.Options(dir, false, true, false,
        base.get(PosSettings.S3_BUCKET), base.get(PosSettings.KAFKA_TOPIC), base.get(PosSettings.KAFKA_PARTITIONS)));
    Map<String, String> overrides = new HashMap<>(stack.settings());
    overrides.put(PosSettings.DATA_DIR.key(), dir.toString());
    return new EmbeddedS3Only(stack, base.with(overrides), dir);
  }

  /** Settings pointing at this S3 server (endpoint, keys, bucket). */
  public PosConfig config() {
    return config;
  }

  @Override
  public void close() throws Exception {
    stack.close();
    TempDirs.deleteRecursively(dataDir);
  }
}
