package dev.poslake.config;

/** A configuration value that cannot be used; the message names the setting and says what to fix. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String key, String value, String reason) {
    super("invalid setting " + key + "=" + value + ": " + reason);
  }
}
