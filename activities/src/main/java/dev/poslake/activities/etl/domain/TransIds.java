package dev.poslake.activities.etl.domain;

import java.util.Arrays;
import java.util.UUID;

/**
 * trans_id rules. A trans_id is any string of 1 to {@link #MAX_LENGTH} characters (code points) that is not blank
 * and has no control characters or unpaired surrogates. A UUID (8-4-4-4-12 hex digits, optionally braced
 * {@code {...}} as in the demo's replay files, any case) is normalised to lower case without braces, so its forms
 * count as one transaction; any other id is kept and compared exactly as sent (case and blanks matter).
 */
public final class TransIds {
  /** Longest trans_id accepted, in characters: POS ids are far shorter; this bounds key files and silver rows. */
  public static final int MAX_LENGTH = 128;

  /** Value of each ASCII hex digit, -1 for any other character: silver parses every message's trans_id. */
  private static final byte[] HEX = new byte[128];

  static {
    Arrays.fill(HEX, (byte) -1);
    for (int i = 0; i < 10; i++) HEX['0' + i] = (byte) i;
    for (int i = 0; i < 6; i++) {
      HEX['a' + i] = (byte) (10 + i);
      HEX['A' + i] = (byte) (10 + i);
    }
  }

  private TransIds() {}

  /** The canonical form, or null if {@code raw} is not a trans_id ({@link #problem} says why). */
  public static String canonical(String raw) {
    return canonical(raw, parse(raw));
  }

  /** As {@link #canonical(String)}, given {@code parsed} = {@link #parse}{@code (raw)} (for a caller that keeps it). */
  public static String canonical(String raw, UUID parsed) {
    if (parsed != null) {
      return parsed.toString();
    }
    return problem(raw) == null ? raw : null;
  }

  /** Why {@code raw} is not a trans_id, or null if it is one (a UUID in any accepted form, or another id). */
  public static String problem(String raw) {
    if (raw == null) {
      return "absent";
    }
    if (raw.isEmpty()) {
      return "empty";
    }
    int length = 0;
    boolean blank = true;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "not valid Unicode (an unpaired surrogate at " + i + ")";
      } else if (Character.isISOControl(c)) {
        return "not printable (control character U+" + String.format("%04X", (int) c) + " at " + i + ")";
      }
      blank &= Character.isWhitespace(c) || Character.isSpaceChar(c);
      length++;
    }
    if (blank) {
      return "blank";
    }
    if (length > MAX_LENGTH) {
      return "longer than " + MAX_LENGTH + " characters (" + length + ")";
    }
    return null;
  }

  /** The canonical form of a UUID trans_id, or null if {@code raw} is not a (possibly braced) UUID. */
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
      int d = c < HEX.length ? HEX[c] : -1; // ASCII hex digits only
      if (d < 0) {
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
