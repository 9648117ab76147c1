package dev.poslake.activities.etl.domain;

import java.util.UUID;

/**
 * trans_id normalisation. The pipeline's canonical trans_id is a UUID in lower case, 8-4-4-4-12 hex digits,
 * without braces. Messages may carry it braced ({@code {...}}, as in the demo's replay files) and/or in upper case.
 * Anything else (wrong length, non-hex, braces unbalanced, surrounding blanks) is not a trans_id.
 */
public final class TransIds {
  private TransIds() {}

  /** The canonical form, or null if {@code raw} is not a (possibly braced) UUID. */
  public static String normalize(String raw) {
    UUID u = parse(raw);
    return u == null ? null : u.toString();
  }

  /** The UUID, or null if {@code raw} is not a (possibly braced) UUID in strict 8-4-4-4-12 form. */
  public static UUID parse(String raw) {
    if (raw == null) {
      return null;
    }
    int from = 0;
    int to = raw.length();
    if (to == 38 && raw.charAt(0) == '{' && raw.charAt(37) == '}') {
      from = 1;
      to = 37;
    }
    if (to - from != 36) {
      return null;
    }
    long msb = 0;
    long lsb = 0;
    int nibbles = 0;
    for (int i = from; i < to; i++) {
      int pos = i - from;
      char c = raw.charAt(i);
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
        if (c != '-') {
          return null;
        }
        continue;
      }
      int d = Character.digit(c, 16);
      if (d < 0 || c > 'f') { // Character.digit accepts non-ASCII digits; c > 'f' excludes them
        return null;
      }
      if (nibbles < 16) {
        msb = (msb << 4) | d;
      } else {
        lsb = (lsb << 4) | d;
      }
      nibbles++;
    }
    return new UUID(msb, lsb);
  }
}
