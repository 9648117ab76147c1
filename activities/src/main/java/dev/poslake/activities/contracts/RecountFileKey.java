package dev.poslake.activities.contracts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object key of a recount file: {@code inventory_snapshots/inventory_snapshot_<store_id>_<yyyy-MM-dd_HH-mm-ss>.csv}
 * (UTC, seconds). The generator and replay write under it; the snapshot step lists the prefix and orders files by
 * it without opening them (the rows' own columns remain authoritative).
 */
public record RecountFileKey(String key, int storeId, Instant recountTime) {
  /** The folder of recount files in the pipeline's bucket. */
  public static final String PREFIX = "inventory_snapshots/";
  private static final Pattern NAME =
      Pattern.compile("(?:.*/)?inventory_snapshot_(-?\\d{1,10})_(\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2})\\.csv");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd_HH-mm-ss")
      .withResolverStyle(ResolverStyle.STRICT);

  /** The key of a store's recount at {@code recountTime} (seconds precision), under {@link #PREFIX}. */
  public static String of(int storeId, Instant recountTime) {
    return PREFIX + "inventory_snapshot_" + storeId + "_" + TIME.format(Timestamps.utc(recountTime)) + ".csv";
  }

  /** Parses a key (with or without folder); empty if it does not follow the naming scheme. */
  public static Optional<RecountFileKey> parse(String key) {
    Matcher m = NAME.matcher(key);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      long store = Long.parseLong(m.group(1));
      if (store < Integer.MIN_VALUE || store > Integer.MAX_VALUE) {
        return Optional.empty();
      }
      Instant t = LocalDateTime.parse(m.group(2), TIME).toInstant(ZoneOffset.UTC);
      return Optional.of(new RecountFileKey(key, (int) store, t));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
