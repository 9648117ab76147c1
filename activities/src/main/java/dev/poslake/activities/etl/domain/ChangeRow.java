package dev.poslake.activities.etl.domain;

import java.time.Instant;
import java.util.Objects;

/** The columns of a silver {@code inventory_change} row that the gold rule reads. */
public record ChangeRow(int storeId, int itemId, Instant dateTime, int changeTypeId, int quantity) {
  public ChangeRow {
    Objects.requireNonNull(dateTime, "dateTime");
  }
}
