package dev.poslake.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The repository's {@code ./pos} as a user runs it, on one data dir: {@code up} in the background, the other
 * commands one at a time. Output goes to files of {@code logDir}. {@link #close()} stops {@code up} (SIGTERM,
 * then SIGKILL) and kills whatever else still runs.
 */
final class PosCli implements AutoCloseable {
  /** Settings of the test's own environment that would point `pos` elsewhere: not passed on. */
  private static final List<String> FOREIGN_ENV = List.of("POS_", "KAFKA_", "S3_", "AWS_", "TEMPORAL_", "ICEBERG_");

  private final Path repo;
  private final Path logDir;
  private final Map<String, String> env;
  private final List<Process> started = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Also when the test JVM is stopped (a timeout of the build): no `pos` outlives it. */
  private final Thread killOnExit = new Thread(this::killAll, "pos-cli-cleanup");
  private Process up;
  private Path upLog;
  private int runs;

  PosCli(Path repo, Path logDir, Map<String, String> env) {
    this.repo = repo;
    this.logDir = logDir;
    this.env = Map.copyOf(env);
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /** Starts `pos up` with the given arguments and waits until it logs that it runs. */
  void up(long timeoutSeconds, String... args) throws IOException, InterruptedException {
    upLog = logDir.resolve("up.log");
    up = start(upLog, prepend("up", args));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (!Files.readString(upLog).contains("up: data dir")) {
      if (!up.isAlive()) throw new AssertionError("pos up exited " + up.exitValue() + ":\n" + tail(upLog));
      if (System.nanoTime() > deadline) throw new AssertionError("pos up not running after " + timeoutSeconds + " s");
      Thread.sleep(500);
    }
  }

  /** Runs one `pos` command to its end and returns its stdout; fails on a non-zero exit. */
  String run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
    String name = String.format("%02d-%s", ++runs, args[0]);
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    ProcessBuilder pb = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    started.add(p);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("pos " + String.join(" ", args) + " still running after " + timeoutSeconds + " s:\n"
          + tail(err));
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("pos " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + tail(err));
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private Process start(Path log, String... args) throws IOException {
    Process p = builder(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(p);
    return p;
  }

  private ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>(List.of(repo.resolve("pos").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile());
    pb.environment().keySet().removeIf(k -> FOREIGN_ENV.stream().anyMatch(k::startsWith));
    pb.environment().putAll(env);
    return pb;
  }

  private static String[] prepend(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  static String tail(Path log) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    if (up != null && up.isAlive()) {
      up.destroy(); // SIGTERM: `pos up` stops its worker and servers
      if (!up.waitFor(60, TimeUnit.SECONDS)) up.destroyForcibly();
    }
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException exiting) {
      // the hook runs already
    }
  }

  private void killAll() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : started) {
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
