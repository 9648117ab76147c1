package dev.poslake.workflows.etl;

import dev.poslake.activities.etl.bronze.BronzeActivities;
import dev.poslake.activities.etl.bronze.BronzeResult;
import dev.poslake.activities.etl.bronze.OffsetPlan;
import dev.poslake.activities.etl.bronze.PartitionRange;
import dev.poslake.activities.etl.gold.GoldActivities;
import dev.poslake.activities.etl.gold.GoldBucketTask;
import dev.poslake.activities.etl.gold.GoldFanOutActivities;
import dev.poslake.activities.etl.gold.GoldPlan;
import dev.poslake.activities.etl.gold.GoldResult;
import dev.poslake.activities.etl.maintenance.MaintenanceActivities;
import dev.poslake.activities.etl.silver.SilverActivities;
import dev.poslake.activities.etl.silver.SilverFanOutActivities;
import dev.poslake.activities.etl.silver.SilverGroupResult;
import dev.poslake.activities.etl.silver.SilverPlan;
import dev.poslake.activities.etl.silver.SilverResult;
import dev.poslake.activities.etl.snapshot.SnapshotActivities;
import dev.poslake.activities.etl.snapshot.SnapshotIngestResult;
import dev.poslake.activities.reference.ReferenceActivities;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.activities.runlog.RunLogEntry;
import dev.poslake.workflows.ActivityStubs;
import dev.poslake.workflows.runlog.RunLogRecorder;
import dev.poslake.workflows.schedule.RunTrigger;
import io.temporal.workflow.Async;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

public class EtlWorkflowImpl implements EtlWorkflow {
  /**
   * Tables compacted and expired at the end of a run: the ones every run appends to. pipeline_runs too: each
   * step's row is its own small commit (about 8 files per run), which would slow every read of the run log.
   */
  static final List<String> MAINTAINED_TABLES = List.of("raw_inventory_change", "inventory_change",
      "rejected_inventory_change", "current_inventory", "latest_inventory_snapshot", "inventory_snapshot",
      "pipeline_runs");
  private static final Duration HEARTBEAT = Duration.ofSeconds(60);
  /**
   * Silver and gold heartbeat only while they make progress (rows read, files written), so a hang is caught by
   * the heartbeat timeout; this bound is for an attempt that is alive but too slow. 30 min, not 60: at the
   * default run timeout (1 h) a second attempt still fits in the run.
   */
  private static final Duration SILVER_GOLD_ATTEMPT = Duration.ofMinutes(30);

  private final ReferenceActivities reference =
      ActivityStubs.create(ReferenceActivities.class, Duration.ofMinutes(5), Duration.ZERO);
  private final BronzeActivities bronze =
      ActivityStubs.create(BronzeActivities.class, Duration.ofMinutes(30), HEARTBEAT);
  /**
   * Silver as plan → parse groups in parallel → commit (runs from this change on); runs started before it replay
   * with the one SilverProcess activity. The change adds and replaces commands, hence the version.
   */
  static final String SILVER_FAN_OUT = "silver-fan-out";
  /**
   * Parse groups a silver plan makes at least (fewer if the batch has fewer bronze files): one per Kafka partition
   * of the default topic, so every worker, and both cores of a small one, get a share.
   */
  static final int SILVER_MIN_GROUPS = 8;
  private final SilverActivities silver =
      ActivityStubs.create(SilverActivities.class, SILVER_GOLD_ATTEMPT, HEARTBEAT);
  private final SilverFanOutActivities silverPlan =
      ActivityStubs.create(SilverFanOutActivities.class, Duration.ofMinutes(5), Duration.ZERO);
  private final SilverFanOutActivities silverSteps =
      ActivityStubs.create(SilverFanOutActivities.class, SILVER_GOLD_ATTEMPT, HEARTBEAT);
  /** The single snapshot activity of runs started before the fan-out (replayed through the version guard). */
  private final SnapshotActivities snapshots =
      ActivityStubs.create(SnapshotActivities.class, Duration.ofMinutes(60), HEARTBEAT);
  /** The snapshot step of runs started since: plan, file groups in parallel, latest upsert in store buckets. */
  private final SnapshotFanOut snapshotFanOut = new SnapshotFanOut(SILVER_GOLD_ATTEMPT, HEARTBEAT);
  /** The gold step of runs started before the fan-out (one activity for all stores). */
  private final GoldActivities gold = ActivityStubs.create(GoldActivities.class, SILVER_GOLD_ATTEMPT, HEARTBEAT);
  /** The fan-out's plan: metadata reads and at most one small commit, no heartbeats. */
  private final GoldFanOutActivities goldPlan =
      ActivityStubs.create(GoldFanOutActivities.class, Duration.ofMinutes(10), Duration.ZERO);
  private final GoldFanOutActivities goldBuckets =
      ActivityStubs.create(GoldFanOutActivities.class, SILVER_GOLD_ATTEMPT, HEARTBEAT);
  /** Command change: the gold step became a plan plus one activity per bucket of stores. */
  static final String GOLD_FAN_OUT = "gold-fan-out";
  /** Command order change: the snapshot step runs beside bronze and silver. */
  static final String OVERLAPPED_STEPS = "overlapped-steps";
  /**
   * Command order change: the reference load runs beside bronze and the snapshot step (it was first, alone: about 1.5 s
   * of one core while the other idled).
   */
  static final String REFERENCE_BESIDE_BRONZE = "reference-beside-bronze";
  /** Command order change: the seven tables' maintenance runs side by side (it was 14 activities one by one). */
  static final String PARALLEL_MAINTENANCE = "parallel-maintenance";
  private final MaintenanceActivities maintenance =
      ActivityStubs.create(MaintenanceActivities.class, Duration.ofMinutes(60), HEARTBEAT);

  private final Map<String, Long> stepMillis = new LinkedHashMap<>();
  private final Map<String, Long> stepCpuMillis = new LinkedHashMap<>();
  private RunLogRecorder runLog;

  @Override
  public EtlRunSummary run(RunTrigger trigger, EtlOptions o) {
    runLog = new RunLogRecorder(RunLogEntry.ETL, trigger);
    try {
      return steps(o);
    } catch (RuntimeException e) {
      runLog.runFailed(e);
      throw e;
    }
  }

  private EtlRunSummary steps(EtlOptions o) {
    long start = Workflow.currentTimeMillis();
    // Runs started since the reference change: the reference tables load beside bronze and the snapshot step. Silver
    // and snapshots validate against the reference files themselves (ValidationCache), not the tables; only gold reads
    // a table (store), so gold waits for the load, and silver does too, so that a bad reference file still fails the
    // run with its own message before silver parses anything.
    boolean referenceBeside = Workflow.getVersion(REFERENCE_BESIDE_BRONZE, Workflow.DEFAULT_VERSION, 1) >= 1;
    Promise<ReferenceTables.RefreshResult> referenceDone;
    if (referenceBeside) {
      referenceDone = Async.function(() -> timed("reference", reference::refresh, null));
    } else {
      CompletablePromise<ReferenceTables.RefreshResult> loaded = Workflow.newPromise();
      loaded.complete(timed("reference", reference::refresh, null));
      referenceDone = loaded;
    }
    // Runs started since the overlap: the snapshot step (recount files) runs beside bronze and silver, which do not
    // need it; gold waits for both branches.
    boolean overlap = Workflow.getVersion(OVERLAPPED_STEPS, Workflow.DEFAULT_VERSION, 1) >= 1;
    Promise<SnapshotIngestResult> snapshotsDone = overlap ? Async.function(this::snapshotStep) : null;
    OffsetPlan plan = timed("plan", () -> bronze.plan(o.maxOffsetsPerPartition(), o.acceptDataLoss()),
        (e, p) -> e.withOffsets(offsets(p.ranges())).withCounts(size(p.ranges()), null).withLostOffsets(lost(p)));
    List<BronzeResult> bronzeResults = timed("bronze", () -> {
      List<Promise<BronzeResult>> ranges = new ArrayList<>();
      for (PartitionRange r : plan.ranges()) {
        ranges.add(Async.function(bronze::ingest, r));
      }
      List<BronzeResult> out = new ArrayList<>();
      for (Promise<BronzeResult> p : ranges) out.add(p.get());
      stepCpuMillis.put("bronze", out.stream().mapToLong(BronzeResult::cpuNanos).sum() / 1_000_000);
      return out;
    }, (e, rs) -> {
      long records = rs.stream().mapToLong(BronzeResult::records).sum();
      return e.withOffsets(offsets(plan.ranges())).withCounts(size(plan.ranges()), records);
    });
    referenceDone.get();
    int silverVersion = Workflow.getVersion(SILVER_FAN_OUT, Workflow.DEFAULT_VERSION, 1);
    SilverResult silverResult = timed("silver",
        silverVersion == Workflow.DEFAULT_VERSION ? () -> silver.process(0) : this::silverFanOut,
        (e, s) -> e.withCounts(s.bronzeRecordsRead(), s.changeRows()).withRejects(s.rejectsByReason()));
    SnapshotIngestResult snapshotResult = overlap ? snapshotsDone.get() : snapshotStep();
    GoldResult goldResult = timed("gold", () -> gold(o),
        (e, g) -> e.withCounts(g.silverRowsRead(), g.rowsUpserted()));
    // runs started since the change maintain the tables side by side (each table's two activities in order)
    boolean tablesSideBySide = Workflow.getVersion(PARALLEL_MAINTENANCE, Workflow.DEFAULT_VERSION, 1) >= 1;
    timed("maintenance", () -> {
      List<Promise<Void>> tables = new ArrayList<>();
      for (String table : MAINTAINED_TABLES) {
        Functions.Proc maintain = () -> {
          maintenance.compact(table, o.compactMinFiles(), o.targetFileBytes());
          maintenance.expireSnapshots(table, o.expireSnapshotsOlderThanMillis(), o.retainSnapshots());
        };
        if (tablesSideBySide) tables.add(Async.procedure(maintain));
        else maintain.apply();
      }
      for (Promise<Void> p : tables) p.get();
      return null;
    }, null);
    EtlRunSummary summary = new EtlRunSummary(Workflow.getInfo().getWorkflowId(), bronzeResults, plan.totalLag(),
        silverResult, snapshotResult, goldResult, stepMillis, Workflow.currentTimeMillis() - start, stepCpuMillis);
    Map<String, Long> rejects = new TreeMap<>(silverResult.rejectsByReason());
    snapshotResult.rejectsByReason().forEach((k, v) -> rejects.merge("snapshot:" + k, v, Long::sum));
    long read = bronzeResults.stream().mapToLong(BronzeResult::records).sum();
    runLog.runSucceeded(runLog.runEntry(RunLogEntry.SUCCEEDED, null).withOffsets(offsets(plan.ranges()))
        .withCounts(read, goldResult.rowsUpserted()).withRejects(rejects).withLostOffsets(lost(plan)));
    return summary;
  }

  private SnapshotIngestResult snapshotStep() {
    // runs started before the fan-out replay the single activity; the run log row is the same either way
    boolean fanOut = Workflow.getVersion("snapshot-fan-out", Workflow.DEFAULT_VERSION, 1) >= 1;
    return timed("snapshots", fanOut ? () -> snapshotFanOut.run(stepMillis, stepCpuMillis) : snapshots::ingest,
        (e, s) -> e.withCounts(s.rows() + s.rejected(), s.rows()).withRejects(s.rejectsByReason()));
  }

  /** Plan, then the buckets with work in parallel (like bronze's ranges), spread over the workers. */
  private GoldResult gold(EtlOptions o) {
    if (Workflow.getVersion(GOLD_FAN_OUT, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return gold.merge();
    }
    GoldPlan plan = goldPlan.plan(o.goldBucketsOrDefault());
    List<Promise<GoldResult>> merges = new ArrayList<>();
    for (GoldBucketTask task : plan.tasks()) {
      merges.add(Async.function(goldBuckets::mergeBucket, task));
    }
    GoldResult sum = GoldResult.NONE;
    for (Promise<GoldResult> p : merges) sum = sum.plus(p.get());
    return sum;
  }

  /** Plan, then one parse activity per group in parallel (like bronze's ranges), then the one commit. */
  private SilverResult silverFanOut() {
    SilverPlan plan = silverPlan.plan(0, SILVER_MIN_GROUPS);
    if (!plan.hasWork()) return plan.nothingDone();
    List<Promise<SilverGroupResult>> parsing = new ArrayList<>();
    for (SilverPlan.ParseGroup g : plan.groups()) {
      parsing.add(Async.function(silverSteps::parse, plan, g.index()));
    }
    List<SilverGroupResult> groups = new ArrayList<>();
    for (Promise<SilverGroupResult> p : parsing) groups.add(p.get());
    return silverSteps.commit(plan, groups);
  }

  private static Map<String, long[]> offsets(List<PartitionRange> ranges) {
    Map<String, long[]> m = new TreeMap<>();
    for (PartitionRange r : ranges) m.put(String.valueOf(r.partition()), new long[] {r.fromOffset(), r.toOffset()});
    return m;
  }

  /** Offsets skipped because retention deleted them (allowed by the run's options), null if none. */
  private static Long lost(OffsetPlan p) {
    return p.lostOffsets() > 0 ? p.lostOffsets() : null;
  }

  private static long size(List<PartitionRange> ranges) {
    return ranges.stream().mapToLong(PartitionRange::size).sum();
  }

  private <T> T timed(String step, Supplier<T> body, BiFunction<RunLogEntry, T, RunLogEntry> describe) {
    long t = Workflow.currentTimeMillis();
    T result = runLog.step(step, body, describe);
    stepMillis.put(step, Workflow.currentTimeMillis() - t);
    return result;
  }
}
