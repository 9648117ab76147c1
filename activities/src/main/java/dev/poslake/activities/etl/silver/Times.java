package dev.poslake.activities.etl.silver;

import java.time.Instant;

/** Instants as Iceberg stores timestamptz: microseconds since the epoch (the parser truncates to micros). */
final class Times {
  private Times() {}

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }
}
