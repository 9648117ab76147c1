package dev.poslake.workflows.etl;

import dev.poslake.activities.etl.bronze.BronzeActivities;
import dev.poslake.activities.etl.bronze.BronzeResult;
import dev.poslake.activities.etl.bronze.OffsetPlan;
import dev.poslake.activities.etl.bronze.PartitionRange;
import dev.poslake.activities.etl.gold.GoldActivities;
import dev.poslake.activities.etl.gold.GoldResult;
import dev.poslake.activities.etl.maintenance.MaintenanceActivities;
import dev.poslake.activities.etl.silver.SilverActivities;
import dev.poslake.activities.etl.silver.SilverResult;
import dev.poslake.activities.etl.snapshot.SnapshotActivities;
import dev.poslake.activities.etl.snapshot.SnapshotIngestResult;
import dev.poslake.activities.reference.ReferenceActivities;
import dev.poslake.workflows.ActivityStubs;
import dev.poslake.workflows.schedule.RunTrigger;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

public class EtlWorkflowImpl implements EtlWorkflow {
  /** Tables compacted and expired at the end of a run: the ones every run appends to. */
  static final List<String> MAINTAINED_TABLES = List.of("raw_inventory_change", "inventory_change",
      "rejected_inventory_change", "current_inventory", "latest_inventory_snapshot", "inventory_snapshot");
  private static final Duration HEARTBEAT = Duration.ofSeconds(60);

  private final ReferenceActivities reference =
      ActivityStubs.create(ReferenceActivities.class, Duration.ofMinutes(5), Duration.ZERO);
  private final BronzeActivities bronze =
      ActivityStubs.create(BronzeActivities.class, Duration.ofMinutes(30), HEARTBEAT);
  private final SilverActivities silver =
      ActivityStubs.create(SilverActivities.class, Duration.ofMinutes(60), HEARTBEAT);
  private final SnapshotActivities snapshots =
      ActivityStubs.create(SnapshotActivities.class, Duration.ofMinutes(60), HEARTBEAT);
  private final GoldActivities gold = ActivityStubs.create(GoldActivities.class, Duration.ofMinutes(60), HEARTBEAT);
  private final MaintenanceActivities maintenance =
      ActivityStubs.create(MaintenanceActivities.class, Duration.ofMinutes(60), HEARTBEAT);

  private final Map<String, Long> stepMillis = new LinkedHashMap<>();

  @Override
  public EtlRunSummary run(RunTrigger trigger, EtlOptions o) {
    long start = Workflow.currentTimeMillis();
    timed("reference", reference::refresh);
    OffsetPlan plan = timed("plan", () -> bronze.plan(o.maxOffsetsPerPartition()));
    List<BronzeResult> bronzeResults = timed("bronze", () -> {
      List<Promise<BronzeResult>> ranges = new ArrayList<>();
      for (PartitionRange r : plan.ranges()) {
        ranges.add(Async.function(bronze::ingest, r));
      }
      List<BronzeResult> out = new ArrayList<>();
      for (Promise<BronzeResult> p : ranges) out.add(p.get());
      return out;
    });
    SilverResult silverResult = timed("silver", () -> silver.process(0));
    SnapshotIngestResult snapshotResult = timed("snapshots", snapshots::ingest);
    GoldResult goldResult = timed("gold", gold::merge);
    timed("maintenance", () -> {
      for (String table : MAINTAINED_TABLES) {
        maintenance.compact(table, o.compactMinFiles(), o.targetFileBytes());
        maintenance.expireSnapshots(table, o.expireSnapshotsOlderThanMillis(), o.retainSnapshots());
      }
      return null;
    });
    return new EtlRunSummary(Workflow.getInfo().getWorkflowId(), bronzeResults, plan.totalLag(), silverResult,
        snapshotResult, goldResult, stepMillis, Workflow.currentTimeMillis() - start);
  }

  private <T> T timed(String step, Supplier<T> body) {
    long t = Workflow.currentTimeMillis();
    T result = body.get();
    stepMillis.put(step, Workflow.currentTimeMillis() - t);
    return result;
  }
}
