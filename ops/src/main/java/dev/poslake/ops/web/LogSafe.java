package dev.poslake.ops.web;

/**
 * Text from a request (a note) made safe for one log line: control characters (CR, LF, ...) escaped, so that a
 * note cannot forge log lines, and cut to a bounded length.
 */
final class LogSafe {
  static final int MAX = 200;

  private LogSafe() {}

  static String text(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 8);
    for (int i = 0; i < s.length() && b.length() < MAX; i++) {
      char c = s.charAt(i);
      if (c == '\n') b.append("\\n");
      else if (c == '\r') b.append("\\r");
      else if (c == '\t') b.append("\\t");
      else if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
          || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return s.length() > MAX ? b + "..." : b.toString();
  }
}
