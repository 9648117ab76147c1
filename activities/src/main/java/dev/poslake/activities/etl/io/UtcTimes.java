package dev.poslake.activities.etl.io;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants as {@link OffsetDateTime} at UTC (what Iceberg's generic records hold for timestamptz). Not
 * {@code Instant.atOffset(UTC)}: on JDK 17 that calls {@code ZoneOffset.getRules()}, which builds a new
 * ZoneRules per call (a profiled hotspot in per-row loops); for a fixed offset the local date-time follows from
 * the epoch second directly.
 */
public final class UtcTimes {
  private UtcTimes() {}

  public static OffsetDateTime of(Instant t) {
    return OffsetDateTime.of(LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC),
        ZoneOffset.UTC);
  }
}
