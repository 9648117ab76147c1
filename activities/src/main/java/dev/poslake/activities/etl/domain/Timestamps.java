package dev.poslake.activities.etl.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Fast, allocation-light parsing of the two timestamp shapes the pipeline sees, without DateTimeFormatter:
 * <ul>
 *   <li>ISO-8601 date-time {@code yyyy-MM-ddTHH:mm[:ss[.fraction]]} followed by {@code Z} or an offset
 *       {@code ±HH:mm}, {@code ±HHmm} or {@code ±HH} (Kafka messages: {@code 2026-11-25T10:15:00.000Z});</li>
 *   <li>the recount CSV form {@code yyyy-MM-dd HH:mm:ss} (a space instead of {@code T}), which is UTC.</li>
 * </ul>
 * Results are truncated to microseconds, the precision of Iceberg {@code timestamptz}, so that what the domain
 * compares is exactly what the tables store. Four-digit years only. Invalid dates (Feb 30), hour 24 and leap
 * second 60 are refused.
 */
public final class Timestamps {
  private Timestamps() {}

  /** A message's date_time: ISO-8601 with a mandatory Z or offset. Null if not parseable. */
  public static Instant parseInstant(String s) {
    return parse(s, false, false);
  }

  /**
   * A recount CSV's date_time: {@code yyyy-MM-dd HH:mm:ss} or ISO-8601; without Z/offset it is UTC. Null if not
   * parseable.
   */
  public static Instant parseUtcDateTime(String s) {
    return parse(s, true, true);
  }

  private static Instant parse(String s, boolean allowSpace, boolean defaultUtc) {
    if (s == null) {
      return null;
    }
    int n = s.length();
    if (n < 16) {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    char sep = s.charAt(10);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0
        || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':'
        || !(sep == 'T' || sep == 't' || (allowSpace && sep == ' '))) {
      return null;
    }
    int i = 16;
    int second = 0;
    int nanos = 0;
    if (i < n && s.charAt(i) == ':') {
      second = digits(s, i + 1, 2);
      if (second < 0) {
        return null;
      }
      i += 3;
      if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
        int start = ++i;
        int scale = 100_000_000;
        while (i < n && isDigit(s.charAt(i))) {
          if (i - start >= 9) {
            return null; // more than nanosecond precision
          }
          nanos += (s.charAt(i) - '0') * scale;
          scale /= 10;
          i++;
        }
        if (i == start) {
          return null;
        }
      }
    }
    int offsetSeconds;
    if (i == n) {
      if (!defaultUtc) {
        return null; // a message timestamp needs an explicit zone
      }
      offsetSeconds = 0;
    } else {
      char c = s.charAt(i);
      if ((c == 'Z' || c == 'z') && i + 1 == n) {
        offsetSeconds = 0;
      } else if (c == '+' || c == '-') {
        int oh = digits(s, i + 1, 2);
        int om = 0;
        int rest = n - (i + 3);
        if (rest == 3 && s.charAt(i + 3) == ':') {
          om = digits(s, i + 4, 2);
        } else if (rest == 2) {
          om = digits(s, i + 3, 2);
        } else if (rest != 0) {
          return null;
        }
        if (oh < 0 || om < 0 || oh > 18 || om > 59 || (oh == 18 && om != 0)) {
          return null;
        }
        offsetSeconds = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
      } else {
        return null;
      }
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    long epochSecond = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nanos - nanos % 1000);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The non-negative value of {@code len} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int len) {
    if (from + len > s.length()) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
