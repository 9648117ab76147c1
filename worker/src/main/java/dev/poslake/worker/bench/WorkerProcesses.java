package dev.poslake.worker.bench;

import dev.poslake.config.PosSettings;
import dev.poslake.worker.cli.Main;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `pos worker` JVMs next to the benchmark's own worker, attached to its stack (the bench owns it like `pos up`):
 * the multi-worker case, where Temporal spreads the fanned-out activities over the processes.
 */
public final class WorkerProcesses implements AutoCloseable {
  /** The line {@code pos worker} logs once it polls; group 1 is its identity (what Temporal's history names). */
  private static final Pattern POLLING = Pattern.compile("worker (\\S+) polling task queue");
  private static final long START_TIMEOUT_MILLIS = 120_000;

  private final List<Process> processes = new ArrayList<>();
  private final List<String> identities = new ArrayList<>();

  /**
   * Starts {@code count} workers on {@code dataDir} (each with -Xmx1g and this JVM's collector: the one the {@code pos}
   * launcher or {@code POS_JAVA_OPTS} chose for the bench) and waits until every one polls.
   */
  public static WorkerProcesses start(int count, Path dataDir) throws IOException, InterruptedException {
    WorkerProcesses w = new WorkerProcesses();
    try {
      List<Path> logs = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        Path log = dataDir.resolve("bench-worker-" + i + ".log");
        logs.add(log);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.addAll(collectorOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(PosSettings.DATA_DIR.envVar(), dataDir.toString());
        w.processes.add(pb.start());
      }
      for (int i = 0; i < count; i++) w.identities.add(awaitPolling(w.processes.get(i), logs.get(i)));
      return w;
    } catch (IOException | InterruptedException | RuntimeException e) {
      w.close();
      throw e;
    }
  }

  public List<String> identities() {
    return List.copyOf(identities);
  }

  /** This JVM's collector choice ({@code -XX:+Use...GC}), none when it runs with the JVM's default. */
  private static List<String> collectorOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-XX:+Use") && a.endsWith("GC")).toList();
  }

  private static String awaitPolling(Process p, Path log) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      Matcher m = POLLING.matcher(Files.exists(log) ? Files.readString(log) : "");
      if (m.find()) return m.group(1);
      if (!p.isAlive()) throw new IllegalStateException("pos worker exited (" + p.exitValue() + "), see " + log);
      Thread.sleep(200);
    }
    throw new IllegalStateException("pos worker not polling after " + START_TIMEOUT_MILLIS / 1000 + " s, see " + log);
  }

  /**
   * Called once every ETL run of the bench has completed, so no activity is in flight: SIGTERM, and SIGKILL after
   * 5 s rather than waiting out the worker's open long polls (up to 60 s on the embedded Temporal).
   */
  @Override
  public void close() {
    processes.forEach(Process::destroy);
    for (Process p : processes) {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
