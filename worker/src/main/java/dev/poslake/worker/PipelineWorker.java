package dev.poslake.worker;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.bronze.BronzeActivitiesImpl;
import dev.poslake.activities.etl.gold.GoldActivitiesImpl;
import dev.poslake.activities.etl.gold.GoldFanOutActivitiesImpl;
import dev.poslake.activities.etl.gold.SmallGoldFoldCache;
import dev.poslake.activities.etl.maintenance.MaintenanceActivitiesImpl;
import dev.poslake.activities.etl.reprocess.ReprocessActivitiesImpl;
import dev.poslake.activities.etl.silver.SilverActivitiesImpl;
import dev.poslake.activities.etl.silver.SilverFanOutActivitiesImpl;
import dev.poslake.activities.etl.snapshot.SnapshotActivitiesImpl;
import dev.poslake.activities.etl.snapshot.SnapshotFanOutActivitiesImpl;
import dev.poslake.activities.generator.GeneratorActivitiesImpl;
import dev.poslake.activities.reference.ReferenceActivitiesImpl;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.activities.runlog.RunLogActivitiesImpl;
import dev.poslake.activities.runlog.RunLogWriter;
import dev.poslake.activities.schedule.ScheduleStateActivitiesImpl;
import dev.poslake.activities.schedule.ScheduleStateStore;
import dev.poslake.activities.verify.GeneratorTruthCheck;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.workflows.etl.EtlWorkflowImpl;
import dev.poslake.workflows.generator.GeneratorWorkflowImpl;
import dev.poslake.workflows.rebuild.RebuildWorkflowImpl;
import dev.poslake.workflows.reprocess.ReprocessRejectsWorkflowImpl;
import dev.poslake.workflows.schedule.SchedulerWorkflowImpl;
import dev.poslake.activities.rebuild.RebuildActivitiesImpl;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.PipelineSchedulers;
import dev.poslake.ops.schedules.ScheduleControlActivitiesImpl;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import dev.poslake.config.PosSettings;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;

/** The one place that registers the pipeline's workflow and activity implementations on a task queue. */
public final class PipelineWorker {
  private PipelineWorker() {}

  /** With the default {@link PosSettings#WORKER_MAX_CONCURRENT_ACTIVITIES}. */
  public static Worker register(WorkerFactory factory, String taskQueue, PipelineResources resources) {
    return register(factory, taskQueue, resources,
        Integer.parseInt(PosSettings.WORKER_MAX_CONCURRENT_ACTIVITIES.defaultValue()), true);
  }

  /**
   * @param maxConcurrentActivities activity slots of this worker: when they are taken it stops polling, so the
   *     other workers on the task queue get the rest (e.g. an ETL run's bronze partitions)
   * @param workflows false: poll activity tasks only (the workflows run in another process)
   */
  public static Worker register(WorkerFactory factory, String taskQueue, PipelineResources resources,
      int maxConcurrentActivities, boolean workflows) {
    Worker worker = factory.newWorker(taskQueue, WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(maxConcurrentActivities)
        // without it, the SDK's heartbeat throws ActivityWorkerShutdownException as soon as a graceful stop
        // (SIGTERM) begins: the in-flight activity fails and is redone elsewhere instead of finishing here
        .setAllowActivityHeartbeatDuringShutdown(true)
        .build());
    if (workflows) {
      worker.registerWorkflowImplementationTypes(SchedulerWorkflowImpl.class, GeneratorWorkflowImpl.class,
          EtlWorkflowImpl.class, RebuildWorkflowImpl.class, ReprocessRejectsWorkflowImpl.class);
    }
    List<Object> impls = new ArrayList<>(activities(resources, identity(factory)));
    impls.add(scheduleControl(factory.getWorkflowClient(), resources));
    worker.registerActivitiesImplementations(impls.toArray());
    return worker;
  }

  /**
   * The activity implementations every worker registers: the pipeline's steps, nothing else. None takes a local
   * path (see {@code LocalFilePublisher}): any client of the task queue can start any registered activity.
   */
  public static java.util.List<Object> activities(PipelineResources resources, String workerIdentity) {
    ReferenceTables reference = ReferenceTables.of(resources);
    return java.util.List.of(
        new ReferenceActivitiesImpl(reference),
        new GeneratorActivitiesImpl(resources, reference::readReferenceData),
        new BronzeActivitiesImpl(resources),
        new SilverActivitiesImpl(resources),
        new SilverFanOutActivitiesImpl(resources),
        new SnapshotActivitiesImpl(resources), // runs started before the snapshot fan-out
        new SnapshotFanOutActivitiesImpl(resources),
        new GoldActivitiesImpl(resources, GeneratorTruthCheck.source(resources.objectStore())),
        new GoldFanOutActivitiesImpl(resources),
        // gold's compaction folds keep their files in memory for this worker's next merge, as merges do theirs
        new MaintenanceActivitiesImpl(resources,
            Map.of(CurrentInventoryTable.NAME, new SmallGoldFoldCache())),
        new ReprocessActivitiesImpl(resources),
        new RunLogActivitiesImpl(new RunLogWriter(resources), workerIdentity),
        new ScheduleStateActivitiesImpl(new ScheduleStateStore(resources.objectStore())),
        new RebuildActivitiesImpl(resources));
  }

  /** A rebuild's hold on the ETL schedule, on the back-end the server supports (detected on first use). */
  public static ScheduleControlActivitiesImpl scheduleControl(WorkflowClient client, PipelineResources resources) {
    Supplier<PipelineScheduler> scheduler = new Supplier<>() {
      private PipelineScheduler detected;

      @Override
      public synchronized PipelineScheduler get() {
        if (detected == null) {
          detected = PipelineSchedulers.detect(client.getWorkflowServiceStubs(), client,
              new ScheduleStateStore(resources.objectStore()));
        }
        return detected;
      }
    };
    return new ScheduleControlActivitiesImpl(scheduler, client);
  }

  /** The identity this worker polls with (Temporal's default: pid@host), written into the run log. */
  public static String identity(WorkerFactory factory) {
    String id = factory.getWorkflowClient().getOptions().getIdentity();
    return id == null || id.isBlank() ? java.lang.management.ManagementFactory.getRuntimeMXBean().getName() : id;
  }
}
