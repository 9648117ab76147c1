package dev.poslake.activities.etl.silver;

import dev.poslake.catalog.io.SnapshotProperties;
import java.util.Optional;
import org.apache.iceberg.Table;

/**
 * Silver's progress in snapshot summaries. Every silver append (to inventory_change and to
 * rejected_inventory_change) carries {@value #BRONZE_SNAPSHOT} = the last bronze snapshot it covers and
 * {@value #BRONZE_FROM_SNAPSHOT} = the exclusive start ("none" for the first batch). inventory_change is
 * committed last, so its value is where the next batch starts; a rejected table that is ahead means the
 * previous attempt committed rejects and died before inventory_change: the retry reuses exactly that range
 * and does not commit rejects again.
 *
 * <p>Gold reads new silver rows by snapshot ranges: use the APPEND snapshots of inventory_change only
 * (compaction commits are {@code replace} and carry copies of these keys).
 */
public final class SilverState {
  public static final String BRONZE_SNAPSHOT = "pos.silver.bronze-snapshot-id";
  public static final String BRONZE_FROM_SNAPSHOT = "pos.silver.bronze-from-snapshot-id";
  public static final String NONE = "none";

  private SilverState() {}

  /** The bronze snapshot the table's newest silver append covers up to. */
  public static Optional<Long> processedBronze(Table silverTable) {
    return SnapshotProperties.latest(silverTable, BRONZE_SNAPSHOT).map(Long::parseLong);
  }

  /** The exclusive start of that append's batch (empty for the first batch). */
  static Optional<Long> processedFrom(Table silverTable) {
    return SnapshotProperties.latest(silverTable, BRONZE_FROM_SNAPSHOT)
        .filter(v -> !NONE.equals(v)).map(Long::parseLong);
  }
}
