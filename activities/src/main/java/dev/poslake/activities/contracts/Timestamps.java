package dev.poslake.activities.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The timestamp forms of the product contract, all UTC, and the one parser the pipeline reads them with:
 * <ul>
 *   <li>Kafka messages: ISO-8601 {@code yyyy-MM-ddTHH:mm[:ss[.fraction]]} followed by {@code Z} or an offset
 *       {@code ±HH:mm}, {@code ±HHmm} or {@code ±HH}; written as {@link #MESSAGE} ({@code 2026-11-25T10:15:00.000Z});</li>
 *   <li>recount CSV: {@code yyyy-MM-dd HH:mm:ss} (a space instead of {@code T}), UTC; written as {@link #CSV}. The
 *       CSV reader also takes the ISO forms, and without Z/offset they are UTC.</li>
 * </ul>
 * Parsing is allocation-free on bytes (no DateTimeFormatter): results are epoch microseconds, the precision of
 * Iceberg {@code timestamptz}, so that what the domain compares is exactly what the tables store. Four-digit
 * years only; invalid dates (Feb 30), hour 24 and leap second 60 are refused.
 */
public final class Timestamps {
  /** Returned by the micros parsers for text that is not a timestamp. */
  public static final long INVALID = Long.MIN_VALUE;

  /** Kafka message date_time: always milliseconds and Z. */
  public static final DateTimeFormatter MESSAGE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  /** Recount CSV date_time. */
  public static final DateTimeFormatter CSV =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** A message's date_time: ISO-8601 with a mandatory Z or offset. Null if not parseable. */
  public static Instant parseInstant(String s) {
    return s == null ? null : instant(parse(ascii(s), 0, s.length(), false, false));
  }

  /** A recount CSV's date_time (the CSV form or ISO-8601; without Z/offset it is UTC). Null if not parseable. */
  public static Instant parseUtcDateTime(String s) {
    return s == null ? null : instant(parse(ascii(s), 0, s.length(), true, true));
  }

  /** {@link #parseUtcDateTime} of the ASCII bytes {@code [from, to)}, as epoch micros, or {@link #INVALID}. */
  public static long parseUtcDateTimeMicros(byte[] b, int from, int to) {
    return parse(b, from, to, true, true);
  }

  /** Epoch microseconds as an Instant. */
  public static Instant instantOfMicros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  /** An Instant as epoch microseconds (truncated). */
  public static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /** The CSV form, {@code yyyy-MM-dd HH:mm:ss} (seconds precision). */
  public static String formatCsv(Instant t) {
    return CSV.format(t);
  }

  /** The message form, {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. */
  public static String formatMessage(Instant t) {
    return MESSAGE.format(t);
  }

  /** Local date-time at UTC, for formats built elsewhere on the same clock (file names). */
  static LocalDateTime utc(Instant t) {
    return LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
  }

  private static Instant instant(long micros) {
    return micros == INVALID ? null : instantOfMicros(micros);
  }

  /** Non-Latin-1 characters become '?', which no timestamp contains: they fail as they should. */
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static long parse(byte[] s, int from, int to, boolean allowSpace, boolean defaultUtc) {
    int n = to - from;
    if (n < 16) {
      return INVALID;
    }
    int year = digits(s, from, to, 0, 4);
    int month = digits(s, from, to, 5, 2);
    int day = digits(s, from, to, 8, 2);
    int hour = digits(s, from, to, 11, 2);
    int minute = digits(s, from, to, 14, 2);
    byte sep = s[from + 10];
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0
        || s[from + 4] != '-' || s[from + 7] != '-' || s[from + 13] != ':'
        || !(sep == 'T' || sep == 't' || (allowSpace && sep == ' '))) {
      return INVALID;
    }
    int i = 16;
    int second = 0;
    int micros = 0;
    if (i < n && s[from + i] == ':') {
      second = digits(s, from, to, i + 1, 2);
      if (second < 0) {
        return INVALID;
      }
      i += 3;
      if (i < n && (s[from + i] == '.' || s[from + i] == ',')) {
        int start = ++i;
        int scale = 100_000;
        while (i < n && isDigit(s[from + i])) {
          if (i - start >= 9) {
            return INVALID; // more than nanosecond precision
          }
          micros += (s[from + i] - '0') * scale; // digits past the sixth add 0: truncated to micros
          scale /= 10;
          i++;
        }
        if (i == start) {
          return INVALID;
        }
      }
    }
    int offsetSeconds;
    if (i == n) {
      if (!defaultUtc) {
        return INVALID; // a message timestamp needs an explicit zone
      }
      offsetSeconds = 0;
    } else {
      byte c = s[from + i];
      if ((c == 'Z' || c == 'z') && i + 1 == n) {
        offsetSeconds = 0;
      } else if (c == '+' || c == '-') {
        int oh = digits(s, from, to, i + 1, 2);
        int om = 0;
        int rest = n - (i + 3);
        if (rest == 3 && s[from + i + 3] == ':') {
          om = digits(s, from, to, i + 4, 2);
        } else if (rest == 2) {
          om = digits(s, from, to, i + 3, 2);
        } else if (rest != 0) {
          return INVALID;
        }
        if (oh < 0 || om < 0 || oh > 18 || om > 59 || (oh == 18 && om != 0)) {
          return INVALID;
        }
        offsetSeconds = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
      } else {
        return INVALID;
      }
    }
    if (hour > 23 || minute > 59 || second > 59 || month < 1 || month > 12 || day < 1
        || day > daysInMonth(year, month)) {
      return INVALID;
    }
    long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return epochSecond * 1_000_000L + micros;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a valid proleptic Gregorian date (the civil-from-days inverse). */
  static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yoe = y - era * 400;
    int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097L + doe - 719_468L;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  /** The non-negative value of {@code len} ASCII digits at offset {@code at} of {@code [from, to)}, or -1. */
  private static int digits(byte[] s, int from, int to, int at, int len) {
    if (from + at + len > to) {
      return -1;
    }
    int v = 0;
    for (int i = from + at; i < from + at + len; i++) {
      byte c = s[i];
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
