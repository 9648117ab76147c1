package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.worker.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong or unreachable configuration: exit 1 and one `error:` line naming the setting, within 30 s (a functional
 * bound, not a performance test), no stack trace. Settings come from a --config file (env vars cannot be set
 * in-process); the endpoints not under test point at the class's embedded stack, so no command starts servers
 * of its own, and the data dir is fresh (it does not exist yet).
 */
@ExtendWith(PosStackExtension.class)
class CliConfigErrorTest {
  static final long CONFIG_ERROR_BOUND_MS = 30_000;

  @TempDir Path tmp;

  @Test
  void unreachableKafkaIsNamedWithinThirtySeconds(PosConfig stack) throws Exception {
    assertConfigError(stack, Map.of(PosSettings.KAFKA_BOOTSTRAP_SERVERS.key(), "127.0.0.1:1"),
        "KAFKA_BOOTSTRAP_SERVERS", "table", "item");
  }

  @Test
  void unreachableS3IsNamedWithinThirtySeconds(PosConfig stack) throws Exception {
    assertConfigError(stack, Map.of(PosSettings.S3_ENDPOINT.key(), "http://127.0.0.1:1"),
        "S3_ENDPOINT", "table", "item");
  }

  @Test
  void unreachableTemporalIsNamedWithinThirtySeconds(PosConfig stack) throws Exception {
    assertConfigError(stack, Map.of(PosSettings.TEMPORAL_ADDRESS.key(), "127.0.0.1:1"),
        "TEMPORAL_ADDRESS", "generate", "--once", "--sim-minutes", "0");
  }

  @Test
  void invalidValueIsNamed(PosConfig stack) throws Exception {
    assertConfigError(stack, Map.of(PosSettings.GENERATOR_SPEED.key(), "-1"),
        PosSettings.GENERATOR_SPEED.key(), "generate", "--once");
  }

  @Test
  void aCatalogUriWithAPasswordNeverAppearsInTheOutput(PosConfig stack) throws Exception {
    String password = "Sup3r-s3cret-" + System.nanoTime();
    Result r = assertConfigError(stack, Map.of(PosSettings.ICEBERG_CATALOG_URI.key(),
        "jdbc:postgresql://dbadmin:" + password + "@127.0.0.1:1/pos?user=pos&password=" + password),
        "ICEBERG_CATALOG_URI", "table", "item");
    assertTrue(!r.out().contains(password) && !r.err().contains(password), "the password was printed\n" + r);
    assertTrue(r.errorLines().get(0).contains("dbadmin:****@127.0.0.1:1/pos?user=pos&password=****"), r.toString());
  }

  @Test
  void unknownKafkaEnvLikeSettingsAreReportedAndIgnored(PosConfig stack) throws Exception {
    // what a Kubernetes service link named "kafka" puts in the environment, as a config-file key
    Map<String, String> settings = new TreeMap<>(Map.of("kafka.client.port", "tcp://10.0.0.7:9092",
        "kafka.client.client.id", "from-config"));
    Result r = CliRunner.run("table", "item", "--limit", "1", "--config", configFile(stack, settings).toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("ignoring KAFKA_PORT (kafka.client.port): not Kafka client settings"), r.toString());
    assertTrue(!r.out().contains("KAFKA_CLIENT_ID (kafka.client.client.id)"), "a real client setting is used\n" + r);
  }

  /** Runs a command with the stack's endpoints overridden by {@code bad}: exit 1, one error line naming it. */
  private Result assertConfigError(PosConfig stack, Map<String, String> bad, String named, String... command)
      throws Exception {
    Path file = configFile(stack, bad);
    String[] args = new String[command.length + 2];
    System.arraycopy(command, 0, args, 0, command.length);
    args[command.length] = "--config";
    args[command.length + 1] = file.toString();

    Result r = CliRunner.run(args);
    assertEquals(1, r.code(), r.toString());
    List<String> errors = r.errorLines();
    assertEquals(1, errors.size(), "one error line\n" + r);
    assertTrue(errors.get(0).contains(named), "the error names " + named + "\n" + r);
    assertTrue(r.err().lines().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")),
        "no stack trace\n" + r);
    assertTrue(r.millis() < CONFIG_ERROR_BOUND_MS, "failed within 30 s\n" + r);
    return r;
  }

  /** A config file with the stack's endpoints, a fresh data dir, and {@code extra} on top. */
  private Path configFile(PosConfig stack, Map<String, String> extra) throws Exception {
    Map<String, String> settings = new TreeMap<>();
    for (var s : List.of(PosSettings.KAFKA_BOOTSTRAP_SERVERS, PosSettings.S3_ENDPOINT, PosSettings.S3_ACCESS_KEY_ID,
        PosSettings.S3_SECRET_ACCESS_KEY, PosSettings.TEMPORAL_ADDRESS)) {
      settings.put(s.key(), stack.get(s));
    }
    settings.put(PosSettings.DATA_DIR.key(), tmp.resolve("data").toString());
    settings.putAll(extra);
    Path file = tmp.resolve("pos.properties");
    java.util.Properties p = new java.util.Properties();
    p.putAll(settings);
    try (var w = Files.newBufferedWriter(file)) {
      p.store(w, null);
    }
    return file;
  }
}
