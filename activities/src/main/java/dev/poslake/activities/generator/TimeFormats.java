package dev.poslake.activities.generator;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The timestamp formats of the product contract, all UTC. */
public final class TimeFormats {
  /** Kafka message date_time: always milliseconds and Z, e.g. 2026-11-25T10:15:00.000Z. */
  public static final DateTimeFormatter MESSAGE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  /** Snapshot CSV date_time column. */
  public static final DateTimeFormatter CSV =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  /** Snapshot object key suffix. */
  public static final DateTimeFormatter FILE_NAME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss").withZone(ZoneOffset.UTC);

  private TimeFormats() {}

  /**
   * Parses the date_time values found in demo CSV files: "2021-01-01 00:00:00", optional fraction, or ISO-8601
   * with 'T' and optional offset/Z. Values without a zone are UTC.
   */
  public static Instant parseFlexible(String text) {
    String s = text.trim();
    if (s.indexOf('T') < 0) {
      s = s.replace(' ', 'T');
    }
    try {
      if (s.endsWith("Z") || s.endsWith("z")) {
        return OffsetDateTime.parse(s.substring(0, s.length() - 1) + "Z").toInstant();
      }
      int t = s.indexOf('T');
      if (s.indexOf('+', t) > 0 || s.indexOf('-', t) > 0) {
        return OffsetDateTime.parse(s).toInstant();
      }
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("unparseable date_time '" + text + "'", e);
    }
  }
}
