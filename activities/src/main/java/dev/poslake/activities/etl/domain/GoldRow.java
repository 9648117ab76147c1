package dev.poslake.activities.etl.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A {@code current_inventory} row. Sums are longs: the columns should be {@code long} (bigint) so that years of
 * changes can never overflow.
 *
 * @param dateTime max(snapshot time, latest relevant change time)
 */
public record GoldRow(
    int storeId, int itemId, int snapshotQuantity, long changeQuantity, long currentInventory, Instant dateTime) {
  public GoldRow {
    Objects.requireNonNull(dateTime, "dateTime");
    if (currentInventory != snapshotQuantity + changeQuantity) {
      throw new IllegalArgumentException("current_inventory " + currentInventory + " != snapshot_quantity "
          + snapshotQuantity + " + change_quantity " + changeQuantity);
    }
  }
}
