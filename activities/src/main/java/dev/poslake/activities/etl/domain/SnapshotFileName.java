package dev.poslake.activities.etl.domain;

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
 * The recount object key {@code inventory_snapshots/inventory_snapshot_<store_id>_<yyyy-MM-dd_HH-mm-ss>.csv}
 * (UTC). Lets the snapshot step order and pre-filter files without opening them; the rows' own columns remain
 * authoritative.
 */
public record SnapshotFileName(String key, int storeId, Instant recountTime) {
  private static final Pattern NAME =
      Pattern.compile("(?:.*/)?inventory_snapshot_(-?\\d{1,10})_(\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2})\\.csv");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd_HH-mm-ss")
      .withResolverStyle(ResolverStyle.STRICT);

  /** The key for a store's recount at {@code recountTime} (seconds precision). */
  public static String keyOf(String prefix, int storeId, Instant recountTime) {
    String p = prefix == null || prefix.isEmpty() ? "" : (prefix.endsWith("/") ? prefix : prefix + "/");
    return p + "inventory_snapshot_" + storeId + "_"
        + TIME.format(LocalDateTime.ofInstant(recountTime, ZoneOffset.UTC)) + ".csv";
  }

  /** Parses a key (with or without folder); empty if it does not follow the naming scheme. */
  public static Optional<SnapshotFileName> parse(String key) {
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
      return Optional.of(new SnapshotFileName(key, (int) store, t));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
