package dev.poslake.activities.etl.io;

import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.io.api.Binary;

/**
 * The strings of a column that repeats a few values (a recount's source file, bronze's topic), each decoded from
 * UTF-8 once: the same dictionary entry again costs an identity check, another instance of known bytes a look-up.
 */
public final class RepeatedStrings {
  private Binary last;
  private String lastText;
  private final Map<Binary, String> seen = new HashMap<>();

  public String of(Binary b) {
    if (b == last) return lastText;
    String s = seen.get(b);
    if (s == null) {
      s = b.toStringUsingUTF8();
      seen.put(b.copy(), s);
    }
    last = b;
    lastText = s;
    return s;
  }
}
