package dev.poslake.worker.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.gold.VerifyReport;
import dev.poslake.catalog.tables.PipelineRunsTable;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.embedded.EmbeddedStack;
import dev.poslake.ops.runs.RunLogQuery;
import dev.poslake.ops.runs.RunRow;
import dev.poslake.worker.CliRunner;
import dev.poslake.worker.PosProcesses;
import dev.poslake.worker.PosProcesses.Child;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * One data dir and its processes for a fault scenario: `pos up --paused` children (nothing runs until
 * triggered), the commands an operator would type (`pos ops trigger`, `pos verify`, run in this JVM), waiting for a
 * step to start, the kill, and the checks afterwards. Every command reads the same properties file, so a scenario
 * can point them all at external servers.
 */
final class PipelineUnderTest implements AutoCloseable {
  /**
   * Small runs: the generator's first run covers one interval of simulated time (10 min of 2 stores, about 6,000
   * transactions); at speed 1 each later run covers the wall time since the previous one (a few minutes).
   */
  static final Map<String, String> SMALL_GENERATOR = Map.of(PosSettings.GENERATOR_INTERVAL.key(), "PT10M",
      PosSettings.GENERATOR_SPEED.key(), "1", PosSettings.GENERATOR_TX_PER_HOUR.key(), "18000");
  private static final Pattern STARTED = Pattern.compile("started (pos-(?:etl|generator)-\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Path tmp;
  private final Properties settings = new Properties();
  private final Path configFile;
  private Path commandConfigFile;
  private final Path dataDir;
  private final PosProcesses processes;
  private int ups;

  /** A run that ended, as `pos up` logged it. */
  record Run(String workflowId, boolean completed, String line, int retriedActivities) {}

  /** `pos verify`'s exit code and report. */
  record Verified(int exitCode, VerifyReport report, String output) {}

  /** @param settings config keys (PosSettings) on top of: data dir in tmp, any free ops port, compaction at 2 files */
  PipelineUnderTest(Path tmp, Map<String, String> settings) throws IOException {
    this.tmp = tmp;
    dataDir = tmp.resolve("data");
    this.settings.setProperty(PosSettings.DATA_DIR.key(), dataDir.toString());
    this.settings.setProperty(PosSettings.OPS_PORT.key(), "0");
    this.settings.setProperty(PosSettings.ETL_COMPACT_MIN_FILES.key(), "2"); // maintenance has work after a run or two
    settings.forEach(this.settings::setProperty);
    configFile = write("pos.properties", Map.of());
    commandConfigFile = configFile;
    processes = new PosProcesses(tmp, Map.of());
  }

  /**
   * The test's own commands (trigger, verify, the checks) use these settings instead, e.g. the S3 server itself
   * rather than the faulty proxy in front of it: the scenario's faults are for the pipeline, not its instruments.
   */
  void commandsUse(Map<String, String> overrides) throws IOException {
    commandConfigFile = write("commands.properties", overrides);
  }

  private Path write(String name, Map<String, String> overrides) throws IOException {
    Properties p = new Properties();
    p.putAll(settings);
    overrides.forEach(p::setProperty);
    Path file = tmp.resolve(name);
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, "fault scenario");
    }
    return file;
  }

  Path dataDir() {
    return dataDir;
  }

  PosProcesses processes() {
    return processes;
  }

  /** Starts `pos up --paused` on the data dir and waits until it serves. */
  Child startUp() throws Exception {
    Child up = processes.start("up-" + (++ups), "up", "--config", configFile.toString(), "--paused");
    up.awaitOutput("up: data dir", 300);
    return up;
  }

  /** Starts another `pos` command on the same config as a child JVM (e.g. `worker`). */
  Child start(String name, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config", configFile.toString()));
    return processes.start(name, all.toArray(String[]::new));
  }

  /** `pos ops trigger KIND`; returns the started run's workflow id. */
  String trigger(String kind) {
    CliRunner.Result r = CliRunner.run("ops", "trigger", kind, "--config", commandConfigFile.toString());
    assertEquals(0, r.code(), r.toString());
    Matcher m = STARTED.matcher(r.out());
    assertTrue(m.find(), r.toString());
    return m.group(1);
  }

  /** Triggers a run and waits until it ended; fails unless it completed. */
  Run runToCompletion(Child up, String kind, long timeoutSeconds) throws InterruptedException {
    Run run = awaitRun(up, trigger(kind), timeoutSeconds);
    assertTrue(run.completed(), run.line() + "\n" + processes.tails(60));
    return run;
  }

  /** Waits until `up` logs that the run completed or failed. */
  Run awaitRun(Child up, String workflowId, long timeoutSeconds) throws InterruptedException {
    String completed = "run " + workflowId + " completed";
    String failed = "run " + workflowId + " FAILED";
    String line = awaitLine(up, l -> l.contains(completed) || l.contains(failed), workflowId + " to end",
        timeoutSeconds, 500);
    int retried = (int) up.output().lines()
        .filter(l -> l.contains(workflowId + ")") && l.contains(" started (attempt ") && !l.contains("(attempt 1,"))
        .count();
    return new Run(workflowId, line.contains(completed), line, retried);
  }

  /** Waits (polling every 50 ms) until the child logs the start of an activity's first attempt in that run. */
  void awaitActivity(Child child, String activityType, String workflowId, long timeoutSeconds)
      throws InterruptedException {
    String text = "activity " + activityType + " started (attempt 1, " + workflowId + ")";
    awaitLine(child, l -> l.contains(text), text, timeoutSeconds, 50);
  }

  private String awaitLine(Child child, java.util.function.Predicate<String> match, String what, long timeoutSeconds,
      long pollMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      var found = child.output().lines().filter(match).findFirst();
      if (found.isPresent()) return found.get();
      if (!child.process().isAlive()) throw new AssertionError(child.name() + " exited waiting for " + what
          + "\n" + processes.tails(60));
      if (System.nanoTime() > deadline) throw new AssertionError("no " + what + " within " + timeoutSeconds + " s\n"
          + processes.tails(60));
      Thread.sleep(pollMillis);
    }
  }

  /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook, no cleanup. */
  static void kill(Child child) throws InterruptedException {
    child.process().descendants().forEach(ProcessHandle::destroyForcibly);
    child.process().destroyForcibly();
    assertTrue(child.process().waitFor(30, TimeUnit.SECONDS), child.name() + " survived SIGKILL");
  }

  /** `pos verify` (in this JVM). */
  Verified verify() throws IOException {
    CliRunner.Result r = CliRunner.run("verify", "--config", commandConfigFile.toString());
    String json = String.join("\n", r.outLines());
    int from = json.indexOf('{');
    VerifyReport report = from < 0 ? null : JSON.readValue(json.substring(from, json.lastIndexOf('}') + 1),
        VerifyReport.class);
    return new Verified(r.code(), report, r.toString());
  }

  /** Asserts `pos verify` exits 0 having compared gold with the generator's truth; returns the layer counts. */
  LayerChecker.Counts verifyAndCount() throws IOException {
    Verified v = verify();
    assertEquals(0, v.exitCode(), v.output());
    assertTrue(v.report().truthPairsCompared() > 0, "truth not compared (ETL not caught up?)\n" + v.output());
    try (PipelineResources res = open()) {
      return LayerChecker.check(res, v.report());
    }
  }

  /** The step rows (step → status) the run wrote to the run log before it ended or died. */
  Map<String, String> loggedSteps(String workflowId) throws IOException {
    try (PipelineResources res = open()) {
      Map<String, String> steps = new TreeMap<>();
      for (RunRow r : new RunLogQuery(res.catalog(), res.table(PipelineRunsTable.NAME)).run(workflowId)) {
        if (!r.isRun()) steps.put(r.step(), r.status());
      }
      return steps;
    }
  }

  /** Snapshot ids of a table now. */
  List<Long> snapshotIds(String table) throws IOException {
    try (PipelineResources res = open()) {
      List<Long> ids = new ArrayList<>();
      res.catalog().loadTable(res.table(table)).snapshots().forEach(s -> ids.add(s.snapshotId()));
      return ids;
    }
  }

  /** Commits made to a table since {@code before} (snapshot ids), by operation: e.g. {append=8, replace=1}. */
  Map<String, Integer> commitsSince(String table, List<Long> before) throws IOException {
    try (PipelineResources res = open()) {
      Table t = res.catalog().loadTable(res.table(table));
      Map<String, Integer> ops = new TreeMap<>();
      for (Snapshot s : t.snapshots()) {
        if (!before.contains(s.snapshotId())) ops.merge(s.operation(), 1, Integer::sum);
      }
      return ops;
    }
  }

  /** Waits (polling every 50 ms) until a table has a commit that is not in {@code before}. */
  void awaitCommit(String table, List<Long> before, long timeoutSeconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    try (PipelineResources res = open()) {
      Table t = res.catalog().loadTable(res.table(table));
      while (true) {
        t.refresh();
        for (Snapshot s : t.snapshots()) {
          if (!before.contains(s.snapshotId())) return;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no commit to " + table + " within " + timeoutSeconds + " s\n" + tails(60));
        }
        Thread.sleep(50);
      }
    }
  }

  /** The pipeline's tables and object store, as the commands see them (the running stack's endpoints). */
  PipelineResources open() throws IOException {
    PosConfig config = PosConfig.load(commandConfigFile, Map.of(), Map.of());
    try {
      var stack = EmbeddedStack.attachIfRunning(dataDir);
      if (stack.isPresent()) config = config.with(stack.get().settings());
    } catch (Exception e) {
      throw new IOException("cannot attach to the stack of " + dataDir, e);
    }
    return PipelineResources.open(config);
  }

  String tails(int lines) {
    return processes.tails(lines);
  }

  @Override
  public void close() {
    processes.close();
  }
}
