package dev.poslake.worker;

import com.uber.m3.tally.Scope;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.schedule.ScheduleStateStore;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.config.ConfigException;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.embedded.EmbeddedStack;
import dev.poslake.embedded.EmbeddedTemporal;
import dev.poslake.embedded.OwnerWatch;
import dev.poslake.embedded.StackOwner;
import dev.poslake.ops.schedules.PipelineScheduler;
import dev.poslake.ops.schedules.PipelineSchedulers;
import dev.poslake.ops.schedules.RebuildHoldGuard;
import dev.poslake.activities.rebuild.RebuildStatusStore;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a command needs, started in order and stopped in reverse: the embedded servers the user did not
 * replace (or those of another process on the same data dir), the checked external services, the pipeline's
 * clients, the Temporal connection and, when asked, a worker.
 *
 * <p>Who owns the embedded stack: `pos up` ({@link #startService}) starts it for others to share; any other
 * command ({@link #start}) that finds no stack running starts one for itself alone, and a second command on the
 * same data dir then stops at once ({@code StackBusyException}). A process attached to another's stack watches
 * that owner every second and exits when it is gone ({@link StackLoss}).
 */
public final class PosRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PosRuntime.class);
  /** The test server answers a poll without a task after this (the SDK's server-side long-poll timeout). */
  private static final java.time.Duration TEST_SERVER_LONG_POLL =
      io.temporal.serviceclient.WorkflowServiceStubsOptions.DEFAULT_SERVER_LONG_POLL_RPC_TIMEOUT;
  private static final java.time.Duration OWNER_CHECK_EVERY = java.time.Duration.ofSeconds(1);

  /** How a command uses the data dir's embedded stack. */
  private enum StackUse {
    /** attach to a shared stack, or start one for this command alone */
    SHORT_LIVED,
    /** `pos up`: attach to a shared stack, or start one that other commands may attach to */
    SERVICE,
    /** `pos worker`: attach to a shared stack, never start one */
    ATTACH_ONLY
  }

  private final PosConfig config;
  private final PipelineResources resources;
  private final TemporalConnection temporal;
  private final boolean embeddedTemporal;
  private final boolean sharedTestServer;
  private final Deque<AutoCloseable> closeables;
  private final AtomicBoolean stopping;
  private WorkerFactory workers;
  private boolean privateQueue;
  private PipelineScheduler scheduler;

  private PosRuntime(PosConfig config, PipelineResources resources, TemporalConnection temporal,
      boolean embeddedTemporal, boolean sharedTestServer, Deque<AutoCloseable> closeables, AtomicBoolean stopping) {
    this.config = config;
    this.resources = resources;
    this.temporal = temporal;
    this.embeddedTemporal = embeddedTemporal;
    this.sharedTestServer = sharedTestServer;
    this.closeables = closeables;
    this.stopping = stopping;
  }

  /**
   * For a short-lived command: uses the stack of a running `pos up` on the data dir, or starts the embedded
   * servers for this command alone.
   *
   * @param withTemporal false for commands that only touch Kafka, S3 or tables
   */
  public static PosRuntime start(PosConfig userConfig, boolean withTemporal) throws Exception {
    return start(userConfig, withTemporal, null, StackUse.SHORT_LIVED);
  }

  /**
   * For `pos up`: starts the embedded servers so that other commands on the data dir can attach to them.
   *
   * @param temporalMetrics where the Temporal SDK reports its metrics, or null for nowhere
   */
  public static PosRuntime startService(PosConfig userConfig, Scope temporalMetrics) throws Exception {
    return start(userConfig, true, temporalMetrics, StackUse.SERVICE);
  }

  /**
   * For `pos worker`: starts no embedded server. Endpoints the user did not configure come from the stack of a
   * running `pos up` on the same data dir; without one, fails with a message saying what to set.
   */
  public static PosRuntime attachOnly(PosConfig userConfig, Scope temporalMetrics) throws Exception {
    return start(userConfig, true, temporalMetrics, StackUse.ATTACH_ONLY);
  }

  private static PosRuntime start(PosConfig userConfig, boolean withTemporal, Scope temporalMetrics,
      StackUse use)
      throws Exception {
    if (withTemporal && !userConfig.embeddedTemporal()) {
      TemporalConnection.profile(System.getenv()); // a bad TLS file stops us before any server starts
    }
    Deque<AutoCloseable> closeables = new ArrayDeque<>();
    AtomicBoolean stopping = new AtomicBoolean();
    try {
      PosConfig config = userConfig;
      boolean embeddedTemporal = withTemporal && userConfig.embeddedTemporal();
      boolean sharedTestServer = false; // another process's embedded Temporal: it outlives our worker
      EmbeddedStack.Options o = new EmbeddedStack.Options(userConfig.dataDir(), userConfig.embeddedKafka(),
          userConfig.embeddedS3(), userConfig.embeddedTemporal(), userConfig.get(PosSettings.S3_BUCKET),
          userConfig.get(PosSettings.KAFKA_TOPIC), userConfig.get(PosSettings.KAFKA_PARTITIONS),
          StackOwner.thisProcess(ProcessCommand.name(), use == StackUse.SERVICE));
      if (o.any()) {
        EmbeddedStack stack = use == StackUse.ATTACH_ONLY
            ? EmbeddedStack.attachIfRunning(userConfig.dataDir()).orElseThrow(() -> new ConfigException(
                "no running `pos up` on data dir " + userConfig.dataDir().toAbsolutePath() + " (POS_DATA_DIR) and "
                + "not every endpoint is configured: start `./pos up` there first, or set "
                + missing(userConfig)))
            : EmbeddedStack.startOrAttach(o);
        closeables.push(stack);
        if (!stack.owner()) {
          closeables.push(OwnerWatch.start(stack, OWNER_CHECK_EVERY, reason -> StackLoss.exit(reason, stopping.get())));
        }
        sharedTestServer = embeddedTemporal && !stack.owner();
        config = userConfig.with(stack.settings());
        if (embeddedTemporal && stack.owner()) {
          LOG.warn(EmbeddedTemporal.LIMITATIONS);
        }
      }
      if (!userConfig.embeddedKafka()) ExternalServices.checkKafkaAndEnsureTopic(config);
      if (!userConfig.embeddedS3()) ExternalServices.checkBucket(config);
      PipelineResources resources = PipelineResources.open(config);
      closeables.push(resources);
      PosTables.ensureAll(resources.catalog(), resources.namespace());
      TemporalConnection temporal = null;
      if (withTemporal) {
        temporal = TemporalConnection.connect(config, temporalMetrics);
        closeables.push(temporal);
      }
      return new PosRuntime(config, resources, temporal, embeddedTemporal, sharedTestServer, closeables, stopping);
    } catch (Exception | Error e) {
      closeAll(closeables);
      throw e;
    }
  }

  private static String missing(PosConfig c) {
    java.util.List<String> m = new java.util.ArrayList<>();
    if (c.embeddedKafka()) m.add("KAFKA_BOOTSTRAP_SERVERS");
    if (c.embeddedS3()) m.add("S3_ENDPOINT or S3_BUCKET");
    if (c.embeddedTemporal()) m.add("TEMPORAL_ADDRESS");
    return String.join(", ", m);
  }

  public PosConfig config() { return config; }
  public PipelineResources resources() { return resources; }
  public TemporalConnection temporal() { return temporal; }

  /** The schedule back-end this Temporal server supports (detected once). */
  public synchronized PipelineScheduler scheduler() {
    if (scheduler == null) {
      if (temporal == null) throw new IllegalStateException("runtime started without Temporal");
      // as people operate them: no resume or trigger of a schedule a running rebuild holds
      RebuildStatusStore rebuilds = new RebuildStatusStore(resources.objectStore());
      scheduler = new RebuildHoldGuard(PipelineSchedulers.detect(temporal.stubs(), temporal.client(),
          new ScheduleStateStore(resources.objectStore())), rebuilds::load);
    }
    return scheduler;
  }

  /**
   * Marks that this command was asked to stop: should its stack's owner go away now, it exits 0 instead of
   * failing (see {@link StackLoss}).
   */
  public void stopping() {
    stopping.set(true);
  }

  /** Starts a worker on the pipeline's task queue (workflows and activities), polling until {@link #close()}. */
  public synchronized void startWorker() {
    startWorker(config.get(PosSettings.TEMPORAL_TASK_QUEUE), true);
  }

  /**
   * Starts a worker (workflows and activities) on a task queue of its own, for a short-lived command that runs
   * a workflow itself: no other process's worker runs that workflow's tasks, and this worker runs nobody
   * else's. Start the workflow on the returned queue.
   *
   * @param purpose part of the queue's name, e.g. etl
   * @return the queue: the configured one + "-" + purpose + "-" + pid + "-" + a random suffix
   */
  public synchronized String startPrivateWorker(String purpose) {
    String queue = config.get(PosSettings.TEMPORAL_TASK_QUEUE) + "-" + purpose + "-" + ProcessHandle.current().pid()
        + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
    startWorker(queue, true);
    privateQueue = true;
    return queue;
  }

  /**
   * Starts the worker of a long-running `pos worker` service. On another process's embedded test server it runs
   * activities only and the workflows stay with that process (`pos up`): the test server does not hand a workflow
   * task on when the worker polling for it stops (a SIGTERM mid-run hung the run, MultiWorkerProcessTest). On a
   * real server every worker runs both.
   */
  public synchronized void startServiceWorker() {
    if (sharedTestServer) LOG.info("embedded Temporal of another process: this worker runs activities only");
    startWorker(config.get(PosSettings.TEMPORAL_TASK_QUEUE), !sharedTestServer);
  }

  private void startWorker(String taskQueue, boolean workflows) {
    if (workers != null) return;
    WorkerFactoryOptions.Builder options = WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new ActivityStartLog());
    if (embeddedTemporal) {
      // the test server has no fallback from a sticky queue whose worker is gone: never use one
      options.setWorkflowCacheSize(0);
    }
    workers = WorkerFactory.newInstance(temporal.client(), options.build());
    PipelineWorker.register(workers, taskQueue, resources,
        config.get(PosSettings.WORKER_MAX_CONCURRENT_ACTIVITIES), workflows);
    workers.start();
  }

  /** The running worker factory, or null before {@link #startWorker()}. */
  public synchronized WorkerFactory workers() {
    return workers;
  }

  /**
   * Stops polling and waits up to {@code grace} for in-flight activities and workflow tasks to finish; what
   * is still running then is cancelled and retried by another worker after its heartbeat/start-to-close timeout.
   */
  public synchronized void stopWorker(java.time.Duration grace) {
    if (workers == null || workers.isTerminated()) return;
    long deadline = System.currentTimeMillis() + grace.toMillis();
    if (sharedTestServer && !privateQueue) {
      // the test server loses a task it hands to a poll that the worker then cancels: an activity waits for its
      // heartbeat timeout, a workflow task is never retried (the run hangs). So stop polling first and let the
      // outstanding polls end by themselves (their tasks still run here); a real server takes such tasks back.
      // A private queue has no task left for anyone once our run ended: nothing to wait for.
      LOG.info("embedded Temporal of another process: letting outstanding polls end (up to {})", TEST_SERVER_LONG_POLL);
      workers.suspendPolling();
      try {
        Thread.sleep(Math.min(grace.toMillis(), TEST_SERVER_LONG_POLL.toMillis() + 2000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    workers.shutdown();
    workers.awaitTermination(Math.max(1000, deadline - System.currentTimeMillis()),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    if (!workers.isTerminated()) {
      LOG.warn("in-flight tasks still running after {}: cancelling them", grace);
      workers.shutdownNow();
      workers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    stopWorker(java.time.Duration.ofSeconds(30)); // in-flight activities finish first
    closeAll(closeables);
  }

  private static void closeAll(Deque<AutoCloseable> closeables) {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
