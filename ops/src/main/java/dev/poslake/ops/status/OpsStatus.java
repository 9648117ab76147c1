package dev.poslake.ops.status;

import dev.poslake.activities.rebuild.RebuildStatus;
import dev.poslake.activities.rebuild.RebuildStatusStore;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.gold.GoldFreshness;
import dev.poslake.activities.generator.GeneratorClock;
import dev.poslake.catalog.tables.PipelineRunsTable;
import dev.poslake.ops.runs.RunLogQuery;
import dev.poslake.ops.runs.RunRow;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.ScheduleView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of the pipeline at a glance: each schedule (paused or not, note, next run), the last run of each
 * kind from the run log, Kafka lag per partition and gold freshness.
 *
 * @param schedules kind -> schedule, null where it is not registered
 * @param lastRuns kind -> newest run log row of a whole run, null if none yet
 * @param lagError why lag could not be measured (null if measured)
 * @param goldFreshnessSeconds source time minus the newest event in current_inventory ({@link GoldFreshness}),
 *     null if gold is empty
 * @param dataLoss the run log's records of lost Kafka offsets (skipped with consent), newest last
 * @param rebuild the newest rebuild's status ({@code pos rebuild}), null if none ran
 */
public record OpsStatus(String backend, Map<String, ScheduleView> schedules, Map<String, RunRow> lastRuns,
    List<PartitionLag> lag, String lagError, Long goldFreshnessSeconds, List<RunRow> dataLoss,
    RebuildStatus rebuild) {

  public long totalLag() {
    return lag.stream().mapToLong(PartitionLag::lag).sum();
  }

  public static OpsStatus gather(PipelineScheduler scheduler, PipelineResources res) {
    Map<String, ScheduleView> schedules = new LinkedHashMap<>();
    for (String kind : ScheduleKinds.ALL) schedules.put(kind, scheduler.describe(kind).orElse(null));
    RunLogQuery runs = new RunLogQuery(res.catalog(), res.table(PipelineRunsTable.NAME));
    Map<String, RunRow> last = new LinkedHashMap<>();
    for (String kind : ScheduleKinds.ALL) last.put(kind, runs.lastRun(kind).orElse(null));
    List<PartitionLag> lag = new ArrayList<>();
    String lagError = null;
    try {
      lag = PartitionLag.measure(res);
    } catch (Exception e) {
      lagError = e.toString();
    }
    return new OpsStatus(scheduler.backend(), schedules, last, lag, lagError,
        GoldFreshness.measure(res, new GeneratorClock(res.objectStore())).map(GoldFreshness::seconds).orElse(null),
        runs.dataLoss(), new RebuildStatusStore(res.objectStore()).load().orElse(null));
  }
}
