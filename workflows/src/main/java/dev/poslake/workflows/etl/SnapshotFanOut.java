package dev.poslake.workflows.etl;

import dev.poslake.activities.etl.snapshot.LatestStoresResult;
import dev.poslake.activities.etl.snapshot.LatestUpsertPlan;
import dev.poslake.activities.etl.snapshot.RecountFileGroup;
import dev.poslake.activities.etl.snapshot.RecountGroupResult;
import dev.poslake.activities.etl.snapshot.RecountPlan;
import dev.poslake.activities.etl.snapshot.SnapshotFanOutActivities;
import dev.poslake.activities.etl.snapshot.SnapshotIngestResult;
import dev.poslake.workflows.ActivityStubs;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The snapshot step of the ETL workflow, fanned out (workflow code: deterministic, no I/O): plan the recount files,
 * ingest the file groups in parallel, then plan the latest-snapshot upsert, fold its store buckets in parallel and
 * commit its marker. Each activity is idempotent on its own (see docs/etl-bronze-silver.md, "Snapshot fan-out").
 */
final class SnapshotFanOut {
  /** Plans only read (a listing and the ledger; commit summaries): short, no heartbeat. */
  private final SnapshotFanOutActivities plans =
      ActivityStubs.create(SnapshotFanOutActivities.class, Duration.ofMinutes(10), Duration.ZERO);
  /** File groups and store buckets heartbeat while they read rows; a group of 64 files takes a minute or so. */
  private final SnapshotFanOutActivities work;

  SnapshotFanOut(Duration attempt, Duration heartbeat) {
    work = ActivityStubs.create(SnapshotFanOutActivities.class, attempt, heartbeat);
  }

  /** Runs the step; puts the wall and CPU time of its two parts into the run's step maps. */
  SnapshotIngestResult run(Map<String, Long> stepMillis, Map<String, Long> stepCpuMillis) {
    long t0 = Workflow.currentTimeMillis();
    RecountPlan plan = plans.plan();
    List<Promise<RecountGroupResult>> groups = new ArrayList<>();
    for (RecountFileGroup g : plan.groups()) groups.add(Async.function(work::ingest, g));
    Totals files = new Totals();
    for (Promise<RecountGroupResult> p : groups) files.add(p.get());

    long t1 = Workflow.currentTimeMillis();
    LatestUpsertPlan latest = plans.planLatest();
    LatestUpsertPlan bucketPlan = latest.withoutBuckets(); // each bucket gets only its own stores
    List<Promise<LatestStoresResult>> buckets = new ArrayList<>();
    for (List<Integer> stores : latest.storeBuckets()) buckets.add(Async.function(work::upsertLatest, bucketPlan, stores));
    long changed = 0;
    long latestCpu = 0;
    for (Promise<LatestStoresResult> p : buckets) {
      changed += p.get().changedPairs();
      latestCpu += p.get().cpuNanos();
    }
    // the marker last: readers (gold) see latest only as of a marker, so a half-folded state is never read
    if (!latest.upToDate()) work.commitLatest(bucketPlan, changed);

    long t2 = Workflow.currentTimeMillis();
    stepMillis.put("snapshots.ingest", t1 - t0);
    stepMillis.put("snapshots.latest", t2 - t1);
    stepCpuMillis.put("snapshots.ingest", files.cpuNanos / 1_000_000);
    stepCpuMillis.put("snapshots.latest", latestCpu / 1_000_000);
    return new SnapshotIngestResult(plan.filesSeen(), files.ingested, plan.filesSkipped() + files.reuploaded,
        files.rows, files.rejected, files.reasons, changed);
  }

  /** The file groups' results summed. */
  private static final class Totals {
    int ingested;
    int reuploaded;
    long rows;
    long rejected;
    long cpuNanos;
    final Map<String, Long> reasons = new TreeMap<>();

    void add(RecountGroupResult r) {
      ingested += r.filesIngested();
      reuploaded += r.filesReuploaded();
      rows += r.rows();
      rejected += r.rejected();
      cpuNanos += r.cpuNanos();
      r.rejectsByReason().forEach((k, v) -> reasons.merge(k, v, Long::sum));
    }
  }
}
