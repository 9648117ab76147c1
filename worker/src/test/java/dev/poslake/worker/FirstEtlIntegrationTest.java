package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.activities.schedule.ScheduleStateStore;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.PipelineSchedulers;
import dev.poslake.ops.schedules.ScheduleKinds;
import dev.poslake.ops.schedules.ScheduleView;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.workflows.schedule.RunRecord;
import dev.poslake.workflows.schedule.RunTrigger;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * `pos up` on a fresh data dir, in process on the real embedded stack: both schedules hourly, so without
 * {@link FirstEtl} the only ETL run is the one that starts with the generator's first run and gold stays empty for
 * the hour. With it, an ETL run starts once that generator run has completed, and gold has rows.
 */
@ExtendWith(PosStackExtension.class)
class FirstEtlIntegrationTest {

  @Test
  void theFirstEtlFollowsTheFirstGeneratorRunWhenGoldIsEmpty(PosConfig stack) throws Exception {
    PosConfig config = stack.with(Map.of(
        PosSettings.GENERATOR_INTERVAL.key(), "PT1H",
        PosSettings.ETL_INTERVAL.key(), "PT1H",
        PosSettings.GENERATOR_TX_PER_HOUR.key(), "600"));
    try (PipelineResources resources = PipelineResources.open(config);
         TemporalConnection temporal = TemporalConnection.connect(config)) {
      PosTables.ensureAll(resources.catalog(), resources.namespace());
      ReferenceTables reference = ReferenceTables.of(resources);
      reference.ensureUploaded(config.get(PosSettings.GENERATOR_STORES));
      reference.refresh();
      WorkerFactory workers = WorkerFactory.newInstance(temporal.client(),
          WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
      try {
        PipelineWorker.register(workers, config.get(PosSettings.TEMPORAL_TASK_QUEUE), resources);
        workers.start();
        PipelineScheduler scheduler = PipelineSchedulers.detect(temporal.stubs(), temporal.client(),
            new ScheduleStateStore(resources.objectStore()));
        scheduler.ensure(PipelineSchedules.all(config, false));
        try (FirstEtl first = FirstEtl.startIfGoldEmpty(resources, temporal.client(), scheduler)) {
          assertNotNull(first, "a fresh data dir has an empty gold");
          ScheduleView etl = awaitTriggeredEtlDone(scheduler, Duration.ofSeconds(240));
          RunRecord triggered = etl.lastRun();
          assertTrue(RunRecord.COMPLETED.equals(triggered.status()), triggered.toString());
          RunRecord generator = scheduler.describe(ScheduleKinds.GENERATOR).orElseThrow().recentRuns().get(0);
          assertNotNull(generator.finishedAt(), generator.toString());
          assertTrue(triggered.scheduledAt() >= generator.finishedAt(),
              "the ETL started after the generator run ended: " + triggered + " / " + generator);
          assertFalse(FirstEtl.goldEmpty(resources), "gold has the generator's first run");
          assertTrue(first.finished());
        }
        // a later `up` on this data dir: gold has rows, so the schedules alone decide
        assertNull(FirstEtl.startIfGoldEmpty(resources, temporal.client(), scheduler));
      } finally {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  private static ScheduleView awaitTriggeredEtlDone(PipelineScheduler scheduler, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ScheduleView v = scheduler.describe(ScheduleKinds.ETL).orElse(null);
      RunRecord last = v == null ? null : v.lastRun();
      if (last != null && RunTrigger.TRIGGERED.equals(last.reason()) && last.finishedAt() != null) return v;
      if (System.nanoTime() > deadline) throw new AssertionError("no triggered ETL run ended in " + timeout + ": " + v);
      Thread.sleep(500);
    }
  }
}
