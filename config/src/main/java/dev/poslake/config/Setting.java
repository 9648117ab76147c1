package dev.poslake.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One named configuration setting: its key (as in the config file), the environment variable that sets it,
 * its default and its documentation. Parsing errors name the key so the user knows what to fix.
 */
public final class Setting<T> {
  private final String key;
  private final String envVar;
  private final String defaultValue;
  private final String doc;
  private final Function<String, T> parser;

  Setting(String key, String envVar, String defaultValue, String doc, Function<String, T> parser) {
    this.key = Objects.requireNonNull(key);
    this.envVar = envVar;
    this.defaultValue = defaultValue;
    this.doc = doc;
    this.parser = parser;
  }

  public String key() { return key; }
  public String envVar() { return envVar; }
  public String defaultValue() { return defaultValue; }
  public String doc() { return doc; }

  T parse(String raw) {
    try {
      return parser.apply(raw.trim());
    } catch (RuntimeException e) {
      String name = envVar == null ? key : key + " (" + envVar + ")";
      throw new ConfigException(name, raw, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  @Override public String toString() { return key; }
}
