package dev.poslake.ops.web;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.gold.GoldFreshness;
import dev.poslake.activities.rebuild.RebuildStatus;
import dev.poslake.activities.rebuild.RebuildStatusStore;
import dev.poslake.ops.metrics.LagProbe;
import dev.poslake.ops.pipeline.PipelineState;
import dev.poslake.ops.pipeline.PipelineView;
import dev.poslake.ops.runs.RunLogFeed;
import dev.poslake.ops.runs.RunRow;
import dev.poslake.ops.schedules.ScheduleKinds;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline picture's data for the page and {@code /api/pipeline}, measured at most once per
 * {@link #CACHE_MILLIS} whatever the number of open pages: table summaries and the rebuild status are read
 * from the catalog and the bucket; lag, freshness and runs come from what the server already polls.
 */
final class PipelineSource {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineSource.class);
  static final long CACHE_MILLIS = 2_000;

  private final PipelineResources resources;
  private final LagProbe lag;
  private final RunLogFeed runs;
  private final RebuildStatusStore rebuilds;
  private PipelineView cached;

  /** All null (no catalog, unit tests): every node unknown. */
  PipelineSource(PipelineResources resources, LagProbe lag, RunLogFeed runs) {
    this.resources = resources;
    this.lag = lag;
    this.runs = runs;
    this.rebuilds = resources == null ? null : new RebuildStatusStore(resources.objectStore());
  }

  synchronized PipelineView view() {
    long now = System.currentTimeMillis();
    if (cached != null && now - cached.measuredAtMillis() < CACHE_MILLIS) return cached;
    if (resources == null) {
      cached = PipelineState.assemble("-", Map.of(), null, null, List.of(), null, now);
      return cached;
    }
    LagProbe.Lag l = lag.last();
    GoldFreshness gold = l == null ? null : l.gold();
    cached = PipelineState.gather(resources, l == null ? null : l.kafkaLag(), gold == null ? null : gold.millis(),
        newestEndedEtlRun(), rebuild());
    return cached;
  }

  /** The newest rebuild's status; an unreadable one (another release's format) leaves the picture without it. */
  private RebuildStatus rebuild() {
    try {
      return rebuilds.load().orElse(null);
    } catch (RuntimeException e) {
      LOG.warn("ops page: cannot read the rebuild status: {}", e.toString());
      return null;
    }
  }

  /** The rows of the newest ETL run that has ended (a run in flight says nothing yet about health). */
  private List<RunRow> newestEndedEtlRun() {
    for (List<RunRow> run : runs.recent(RunLogFeed.KEEP)) {
      if (ScheduleKinds.ETL.equals(run.get(0).kind()) && run.stream().anyMatch(RunRow::isRun)) return run;
    }
    return List.of();
  }
}
