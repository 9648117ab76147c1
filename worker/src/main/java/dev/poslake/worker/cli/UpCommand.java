package dev.poslake.worker.cli;

import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.ops.metrics.PipelineMetrics;
import dev.poslake.catalog.CatalogFactory;
import dev.poslake.catalog.rest.RestCatalogServer;
import dev.poslake.ops.web.OpsServer;
import dev.poslake.ops.web.OpsServerOptions;
import dev.poslake.workflows.schedule.ScheduleSpec;
import dev.poslake.worker.FirstEtl;
import dev.poslake.worker.PipelineSchedules;
import dev.poslake.worker.PosRuntime;
import dev.poslake.worker.RunLog;
import dev.poslake.ops.schedules.PipelineScheduler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Start the embedded stack (servers you did not configure), a worker and the pipeline's "
        + "schedules; log each run; stop cleanly on Ctrl-C / SIGTERM.")
public final class UpCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);

  @Mixin CommonOptions common;
  @Mixin GeneratorSettingsOptions generator;

  @Option(names = "--generator-interval", paramLabel = "DURATION",
      description = "How often the generator runs, ISO-8601 (default PT2M).")
  String generatorInterval;

  @Option(names = "--etl-interval", paramLabel = "DURATION",
      description = "How often the ETL runs, ISO-8601 (default PT5M).")
  String etlInterval;

  @Option(names = "--paused",
      description = "Create the schedules paused: no run starts until `pos ops resume` (`pos ops trigger` still "
          + "starts one). A schedule that exists, or whose pause state was saved by an earlier `up`, keeps its "
          + "state.")
  boolean paused;

  @Override
  public Integer call() throws Exception {
    Map<String, String> overrides = new HashMap<>(generator.overrides());
    if (generatorInterval != null) overrides.put(PosSettings.GENERATOR_INTERVAL.key(), generatorInterval);
    if (etlInterval != null) overrides.put(PosSettings.ETL_INTERVAL.key(), etlInterval);
    PosConfig config = common.load(overrides);
    OpsServerOptions opsOptions = OpsServerOptions.from(config); // a page open to the network without a token: stop now
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "pos-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (StopSignals signals = StopSignals.install(stop::countDown);
         PipelineMetrics metrics = new PipelineMetrics();
         PosRuntime runtime = PosRuntime.startService(config, metrics.temporalScope())) {
      ReferenceTables reference = ReferenceTables.of(runtime.resources());
      reference.ensureUploaded(runtime.config().get(PosSettings.GENERATOR_STORES));
      reference.refresh().tables().forEach(t -> LOG.info("reference table {}: {} rows{}", t.table(), t.rows(),
          t.reloaded() ? " (loaded)" : ""));
      // bound before the worker and the schedules start, so that a busy port stops `up` at once
      try (OpsServer ops = OpsServer.start(opsOptions, runtime.scheduler(), runtime.resources(), metrics,
          runtime.temporal().client());
           RestCatalogServer rest = restCatalog(runtime)) {
        if (rest != null) LOG.info("Iceberg REST catalog (read-only): {}", rest.uri());
        runtime.startWorker();
        List<ScheduleSpec> schedules = PipelineSchedules.all(runtime.config(), paused);
        PipelineScheduler scheduler = runtime.scheduler();
        scheduler.ensure(schedules).forEach(LOG::info);
        try (RunLog log = RunLog.start(runtime.temporal().client(), scheduler, metrics.probeFailures());
             FirstEtl first = paused ? null
                 : FirstEtl.startIfGoldEmpty(runtime.resources(), runtime.temporal().client(), scheduler)) {
          LOG.info("ops page: {} (Prometheus metrics: {}metrics)", ops.url(), ops.url());
          LOG.info("up: data dir {}; Ctrl-C to stop", runtime.config().dataDir());
          stop.await();
          log.close(); // no poll of the schedules while the runtime stops (it would fail, and say so)
          runtime.stopping();
          LOG.info("stopping: waiting for in-flight activities");
        }
      }
    } finally {
      stopped.countDown();
    }
    return 0;
  }

  /** The catalog for other engines (docs/engines.md) when POS_CATALOG_REST_PORT is set; else null. */
  private static RestCatalogServer restCatalog(PosRuntime runtime) {
    String port = runtime.config().get(PosSettings.CATALOG_REST_PORT);
    if (port.isEmpty()) return null;
    return RestCatalogServer.start(runtime.resources().catalog(), Integer.parseInt(port),
        RestCatalogServer.clientDefaults(CatalogFactory.catalogProperties(runtime.config())));
  }
}
