package dev.poslake.activities.etl;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.bronze.OffsetPlan;
import dev.poslake.activities.etl.bronze.OffsetPlanner;
import dev.poslake.activities.etl.gold.GoldPosition;
import dev.poslake.activities.etl.silver.SilverState;
import dev.poslake.activities.etl.snapshot.SnapshotIngest;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * How far each layer is behind its source: Kafka records not in bronze, bronze not yet in silver, silver not
 * yet in gold, recount files not yet ingested. Zero everywhere means gold reflects everything published.
 */
public record PipelineLag(long kafkaRecordsNotInBronze, boolean silverBehindBronze, boolean goldBehindSilver,
    long snapshotFilesPending) {

  public boolean caughtUp() {
    return kafkaRecordsNotInBronze == 0 && !silverBehindBronze && !goldBehindSilver && snapshotFilesPending == 0;
  }

  public static PipelineLag measure(PipelineResources res) {
    OffsetPlan all = new OffsetPlanner(res).plan(Integer.MAX_VALUE, true);
    long notInBronze = all.ranges().stream().mapToLong(r -> r.toOffset() - r.fromOffset()).sum();
    Table bronze = load(res, RawInventoryChangeTable.NAME);
    Table silver = load(res, InventoryChangeTable.NAME);
    Table gold = load(res, CurrentInventoryTable.NAME);
    Optional<Long> newestBronze = SnapshotProperties.stateSnapshot(bronze).map(Snapshot::snapshotId);
    boolean silverBehind = newestBronze.isPresent() && !newestBronze.equals(SilverState.processedBronze(silver));
    Optional<Long> newestSilver = SnapshotProperties.stateSnapshot(silver).map(Snapshot::snapshotId);
    // every bucket of stores has its own position: gold is behind while any bucket is
    boolean goldBehind = newestSilver.isPresent() && GoldPosition.read(gold).distinct().stream()
        .anyMatch(p -> !newestSilver.get().equals(p.silver()));
    Set<String> ingested = new HashSet<>();
    TableReader.of(load(res, IngestedSnapshotFileTable.NAME)).select(IngestedSnapshotFileTable.SOURCE_FILE)
        .forEach(r -> ingested.add((String) r.getField(IngestedSnapshotFileTable.SOURCE_FILE)));
    long pending = res.objectStore().list(SnapshotIngest.PREFIX).filter(o -> !ingested.contains(o.key())).count();
    return new PipelineLag(notInBronze, silverBehind, goldBehind, pending);
  }

  private static Table load(PipelineResources res, String name) {
    return res.catalog().loadTable(res.table(name));
  }
}
