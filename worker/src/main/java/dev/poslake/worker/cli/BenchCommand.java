package dev.poslake.worker.cli;

import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.workflows.etl.EtlOptions;
import dev.poslake.workflows.etl.EtlWorkflow;
import dev.poslake.workflows.schedule.RunTrigger;
import dev.poslake.worker.PipelineSchedules;
import dev.poslake.worker.PosRuntime;
import dev.poslake.worker.bench.Bench;
import dev.poslake.worker.bench.BenchOutput;
import dev.poslake.worker.bench.WorkDistribution;
import dev.poslake.worker.bench.WorkerProcesses;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark on a fresh temporary data dir with the embedded stack (deleted afterwards): "
        + "ingest N transactions, ETL until caught up, gold at scale (incremental merge vs full recomputation), "
        + "optionally gold at chain scale (--scale-stores), memory per phase. Prints a table; --out writes the same figures as JSON.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--transactions", paramLabel = "N", defaultValue = "1000000",
      description = "Transactions to publish and ETL (default ${DEFAULT-VALUE}).")
  long transactions;

  @Option(names = "--stores", paramLabel = "S", defaultValue = "100",
      description = "Physical stores of the gold-at-scale phase (default ${DEFAULT-VALUE}).")
  int stores;

  @Option(names = "--items", paramLabel = "I", defaultValue = "100000",
      description = "Items per store of the gold-at-scale phase, at most the items of item.txt "
          + "(default ${DEFAULT-VALUE}).")
  int items;

  @Option(names = "--touch-keys", paramLabel = "K", defaultValue = "10000",
      description = "(store, item) keys the incremental gold run touches (default ${DEFAULT-VALUE}).")
  int touchKeys;

  @Option(names = "--sim-items", paramLabel = "M", defaultValue = "0",
      description = "Items the ingest phase simulates and recounts (default: all of item.txt, like the generator).")
  int simItems;

  @Option(names = "--scale-stores", paramLabel = "S2", defaultValue = "0",
      description = "Stores of the scale phase: gold load and incremental merge of S2 x --scale-items pairs "
          + "(default ${DEFAULT-VALUE}: no scale phase; docs/benchmarks.md used 1000).")
  int scaleStores;

  @Option(names = "--scale-items", paramLabel = "I2", defaultValue = "100000",
      description = "Items per store of the scale phase (default ${DEFAULT-VALUE}).")
  int scaleItems;

  @Option(names = "--scale-sample-files", paramLabel = "F", defaultValue = "20",
      description = "Recount files of the scale phase that go through the snapshot step, to measure its cost per "
          + "file; the other stores' recounts are bulk-loaded (default ${DEFAULT-VALUE}).")
  int scaleSampleFiles;

  @Option(names = "--touches", paramLabel = "T", defaultValue = "2",
      description = "Incremental runs touching K keys each, at least 2, before the full recomputation; the last of "
          + "several shows a worker's steady state (default ${DEFAULT-VALUE}).")
  int touches;

  @Option(names = "--only-scale", description = "Run only the scale phase (skip ingest, etl and gold at scale).")
  boolean onlyScale;

  @Option(names = "--workers", paramLabel = "W", defaultValue = "0",
      description = "Also start W `pos worker` JVMs (-Xmx1g each) on the bench's stack, which share the ETL runs' "
          + "work with the bench's own worker; the output shows which worker ran which partition, group and bucket "
          + "(default ${DEFAULT-VALUE}: the bench's worker alone).")
  int workers;

  @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the figures as JSON.")
  Path out;

  @Option(names = "--keep-data-dir", hidden = true, description = "Keep the temporary data dir (debugging).")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    if (transactions <= 0 || stores <= 0 || items <= 0 || touchKeys <= 0 || simItems < 0 || workers < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--transactions, --stores, --items and --touch-keys must be > 0, --sim-items and --workers >= 0");
    }
    if (touches < Bench.Settings.DEFAULT_TOUCHES) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--touches must be >= " + Bench.Settings.DEFAULT_TOUCHES);
    }
    if (scaleStores < 0 || scaleItems <= 0 || scaleSampleFiles < 0 || (onlyScale && scaleStores == 0)) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--scale-stores must be >= 0 (> 0 with --only-scale), --scale-items > 0, --scale-sample-files >= 0");
    }
    Path dir = Files.createTempDirectory("poslake-bench-");
    System.err.println("bench: data dir " + dir);
    Map<String, Object> report;
    try {
      // never the user's settings: a fresh embedded stack in its own directory
      PosConfig config = PosConfig.of(Map.of(PosSettings.DATA_DIR.key(), dir.toString()));
      // with --workers, the bench owns its stack like `pos up`, so that `pos worker` JVMs can attach to it
      try (PosRuntime runtime = workers > 0 ? PosRuntime.startService(config, null) : PosRuntime.start(config, true)) {
        String taskQueue;
        if (workers > 0) {
          runtime.startWorker();
          taskQueue = runtime.config().get(PosSettings.TEMPORAL_TASK_QUEUE);
        } else {
          taskQueue = runtime.startPrivateWorker("bench");
        }
        WorkflowClient client = runtime.temporal().client();
        EtlOptions base = EtlOptions.from(runtime.config());
        List<String> runs = new ArrayList<>();
        Bench.EtlRunner etl = cap -> {
          String id = PipelineSchedules.ETL + "-bench-" + System.nanoTime();
          runs.add(id);
          return client.newWorkflowStub(EtlWorkflow.class, WorkflowOptions.newBuilder()
                  .setWorkflowId(id)
                  .setTaskQueue(taskQueue)
                  .build())
              .run(RunTrigger.manual("pos bench"), base.withMaxOffsetsPerPartition(cap));
        };
        Bench.Settings settings = new Bench.Settings(transactions, stores, items, touchKeys, simItems, scaleStores,
            scaleItems, scaleSampleFiles, onlyScale, touches);
        try (WorkerProcesses others = workers > 0 ? WorkerProcesses.start(workers, dir) : null) {
          if (others != null) System.err.println("bench: workers " + others.identities() + " polling");
          report = new Bench(runtime.resources(), etl, settings, System.err::println).run();
          report.put("workers", WorkDistribution.of(client, runs));
        }
      }
    } finally {
      if (!keep) deleteRecursively(dir);
    }
    System.out.print(BenchOutput.table(report));
    if (out != null) BenchOutput.writeJson(report, out);
    return 0;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
        Files.deleteIfExists(f);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
