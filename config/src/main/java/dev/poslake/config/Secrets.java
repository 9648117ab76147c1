package dev.poslake.config;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redacts secrets wherever configuration is printed or logged: values of settings whose name says they are
 * secret (passwords, keys, tokens, SASL JAAS configs), and credentials inside URIs ({@code user:pass@host},
 * {@code ?password=...}).
 */
public final class Secrets {
  public static final String MASK = "****";
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(password|passwd|secret|token|credential|jaas|api[._-]?key|private[._-]?key).*");
  /** scheme://user:password@host — the password part. */
  private static final Pattern URI_USER_INFO = Pattern.compile("(//[^/@:\\s]*:)([^/@\\s]+)(@)");
  /** password=..., secret=..., token=... in a query string or a JDBC property list. */
  private static final Pattern URI_PARAM = Pattern.compile(
      "(?i)([?&;](?:[^=&;\\s]*(?:password|passwd|secret|token|credential|api[._-]?key)[^=&;\\s]*)=)([^&;\\s]*)");

  private Secrets() {}

  /** True if a setting or property of this name holds a secret. */
  public static boolean isSecretName(String name) {
    return name != null && SECRET_NAME.matcher(name).matches();
  }

  /** The value, masked if the name says it is secret; otherwise with credentials in URIs masked. */
  public static String redact(String name, String value) {
    if (value == null) return null;
    return isSecretName(name) ? MASK : redactUris(value);
  }

  /** Text (an error message, a URI) with the credentials of any URI in it masked. */
  public static String redactUris(String text) {
    if (text == null) return null;
    String out = URI_USER_INFO.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
    return URI_PARAM.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(MASK));
  }

  /** A printable copy of a configuration map. */
  public static Map<String, String> redact(Map<String, String> config) {
    Map<String, String> out = new TreeMap<>();
    config.forEach((k, v) -> out.put(k, redact(k, v)));
    return out;
  }
}
