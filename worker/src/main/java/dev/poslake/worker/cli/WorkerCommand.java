package dev.poslake.worker.cli;

import dev.poslake.config.PosSettings;
import dev.poslake.ops.metrics.PipelineMetrics;
import dev.poslake.worker.PipelineWorker;
import dev.poslake.worker.PosRuntime;
import dev.poslake.worker.WorkerHealth;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run only a worker on the pipeline's task queue (no embedded servers): against configured "
        + "endpoints, or the stack of a running `pos up` on the same data dir. SIGTERM stops polling and lets "
        + "in-flight activities finish. Several workers share the work.")
public final class WorkerCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);

  @Mixin CommonOptions common;

  @Option(names = "--health-port", paramLabel = "PORT",
      description = "Serve GET /health (200 \"ok\" while polling) and GET /metrics (Prometheus: Temporal SDK "
          + "metrics) on this port; 0 picks a free port; default: neither.")
  Integer healthPort;

  @Option(names = "--health-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Address of /health and /metrics (default 127.0.0.1; 0.0.0.0 in a container).")
  String healthHost;

  @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "PT60S",
      description = "On SIGTERM, how long in-flight activities may take to finish (ISO-8601, default PT60S).")
  String shutdownGrace;

  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile int boundHealthPort = -1;

  /** What SIGTERM does: stop polling, let in-flight activities finish, exit 0 (for tests and embedding). */
  public void requestStop() {
    stop.countDown();
  }

  /** The health endpoint's port once listening, else -1. */
  public int healthPort() {
    return boundHealthPort;
  }

  @Override
  public Integer call() throws Exception {
    Duration grace;
    try {
      grace = Duration.parse(shutdownGrace);
    } catch (RuntimeException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--shutdown-grace: not an ISO-8601 "
          + "duration: " + shutdownGrace);
    }
    if (healthPort != null && (healthPort < 0 || healthPort > 65535)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--health-port must be 0..65535");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // other ways the JVM may shut down (SIGHUP, System.exit elsewhere): stop polling at least
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(grace.toSeconds() + 30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "pos-worker-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (StopSignals signals = StopSignals.install(stop::countDown);
         PipelineMetrics metrics = new PipelineMetrics();
         PosRuntime runtime = PosRuntime.attachOnly(common.load(), metrics.temporalScope())) {
      runtime.startServiceWorker();
      String identity = PipelineWorker.identity(runtime.workers());
      WorkerHealth health = healthPort == null ? null
          : WorkerHealth.start(healthHost, healthPort, runtime::workers, metrics::scrape);
      if (health != null) boundHealthPort = health.port();
      try {
        LOG.info("worker {} polling task queue {} on {}{}", identity,
            runtime.config().get(PosSettings.TEMPORAL_TASK_QUEUE), runtime.temporal().target(),
            health == null ? "" : "; health on http://" + healthHost + ":" + health.port() + "/health, metrics on "
                + "/metrics");
        stop.await();
        runtime.stopping();
        LOG.info("stopping: no new tasks; waiting up to {} for in-flight activities", grace);
        runtime.stopWorker(grace);
        LOG.info("worker {} stopped", identity);
      } finally {
        if (health != null) health.close();
        boundHealthPort = -1;
      }
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting: the hook is what stopped us
      }
    }
    return 0;
  }
}
