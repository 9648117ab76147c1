package dev.poslake.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The resolved configuration: defaults, overridden by the config file, overridden by environment variables,
 * overridden by explicit values (command-line options, or the endpoints of the embedded stack). Every value
 * is parsed when the config is built, so a bad value stops the program at start with the setting's name.
 */
public final class PosConfig {
  /** Prefix of env vars that pass straight through to the Kafka clients. */
  public static final String KAFKA_ENV_PREFIX = "KAFKA_";
  /** Prefix of env vars that pass straight through to the Iceberg catalog. */
  public static final String ICEBERG_ENV_PREFIX = "ICEBERG_CATALOG_";
  /** Prefix of config-file keys that pass through to the Kafka clients. */
  public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";
  /** Prefix of config-file keys that pass through to the Iceberg catalog. */
  public static final String CATALOG_PROPERTY_PREFIX = "iceberg.catalog.";

  private final Map<String, String> values;

  private PosConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
    for (Setting<?> s : PosSettings.all()) {
      get(s); // parse everything now: fail at start, not in the middle of a run
    }
  }

  /** Defaults only, plus explicit values; for tests and embedded use. */
  public static PosConfig of(Map<String, String> explicit) {
    return load(null, Map.of(), explicit);
  }

  /**
   * @param configFile optional properties file (keys as in {@link PosSettings}); must exist if given
   * @param env environment variables
   * @param explicit values that win over everything else
   */
  public static PosConfig load(Path configFile, Map<String, String> env, Map<String, String> explicit) {
    Map<String, String> v = new HashMap<>();
    for (Setting<?> s : PosSettings.all()) {
      v.put(s.key(), s.defaultValue());
    }
    if (configFile != null) {
      v.putAll(readFile(configFile));
    }
    for (Setting<?> s : PosSettings.all()) {
      String e = env.get(s.envVar());
      if (s.envVar() != null && e != null && !e.isBlank()) {
        v.put(s.key(), e);
      }
    }
    Map<String, String> known = new HashMap<>();
    PosSettings.all().forEach(s -> known.put(s.envVar(), s.key()));
    env.forEach((name, value) -> {
      if (known.containsKey(name) || value == null) return;
      if (name.startsWith(KAFKA_ENV_PREFIX) && name.length() > KAFKA_ENV_PREFIX.length()) {
        v.put(KAFKA_CLIENT_PREFIX + envToProperty(name.substring(KAFKA_ENV_PREFIX.length())), value);
      } else if (name.startsWith(ICEBERG_ENV_PREFIX) && name.length() > ICEBERG_ENV_PREFIX.length()) {
        v.put(CATALOG_PROPERTY_PREFIX + envToProperty(name.substring(ICEBERG_ENV_PREFIX.length())), value);
      }
    });
    v.putAll(explicit);
    return new PosConfig(v);
  }

  /** KAFKA_SASL_JAAS_CONFIG -> sasl.jaas.config */
  static String envToProperty(String suffix) {
    return suffix.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private static Map<String, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file + " does not exist");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    Map<String, String> m = new HashMap<>();
    p.forEach((k, val) -> m.put(k.toString(), val.toString()));
    return m;
  }

  public <T> T get(Setting<T> s) {
    return s.parse(values.getOrDefault(s.key(), s.defaultValue()));
  }

  /** True when the value differs from the default: i.e. the user set it somewhere. */
  public boolean isSet(Setting<?> s) {
    String raw = values.get(s.key());
    return raw != null && !raw.equals(s.defaultValue());
  }

  public Path dataDir() {
    return Path.of(get(PosSettings.DATA_DIR)).toAbsolutePath().normalize();
  }

  /** Extra Kafka client properties (from KAFKA_* env vars or kafka.client.* keys). */
  public Map<String, String> kafkaClientProperties() {
    return withPrefix(KAFKA_CLIENT_PREFIX);
  }

  /** Extra catalog properties (from ICEBERG_CATALOG_* env vars or iceberg.catalog.* keys), excluding known ones. */
  public Map<String, String> extraCatalogProperties() {
    Map<String, String> m = withPrefix(CATALOG_PROPERTY_PREFIX);
    m.remove("type");
    m.remove("uri");
    m.remove("warehouse");
    return m;
  }

  private Map<String, String> withPrefix(String prefix) {
    Map<String, String> m = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) m.put(k.substring(prefix.length()), v);
    });
    return m;
  }

  public boolean embeddedKafka() {
    return get(PosSettings.KAFKA_BOOTSTRAP_SERVERS).isBlank();
  }

  public boolean embeddedS3() {
    return get(PosSettings.S3_ENDPOINT).isBlank() && !isSet(PosSettings.S3_BUCKET);
  }

  public boolean embeddedTemporal() {
    return get(PosSettings.TEMPORAL_ADDRESS).isBlank();
  }

  /** A copy with more explicit values on top (e.g. the endpoints of the embedded stack). */
  public PosConfig with(Map<String, String> more) {
    Map<String, String> m = new HashMap<>(values);
    m.putAll(more);
    return new PosConfig(m);
  }

  public Map<String, String> asMap() {
    return new TreeMap<>(values);
  }
}
