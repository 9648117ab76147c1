package dev.poslake.worker;

import dev.poslake.worker.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: `pos` commands as separate JVMs (the test's class path, so no app build is needed), each with
 * its output in a file of the test's temp dir. {@link #close()} kills whatever is still running, so a failing
 * test leaks no JVM.
 */
public final class PosProcesses implements AutoCloseable {
  /** Env vars that would point a child at other servers or change its settings: children get only ours. */
  private static final List<String> FOREIGN_ENV_PREFIXES =
      List.of("POS_", "KAFKA_", "S3_", "AWS_", "TEMPORAL_", "ICEBERG_");

  private final Path logDir;
  private final Map<String, String> env;
  private final List<Child> children = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Also when the test JVM is stopped before close() (e.g. SIGTERM to the build): no child outlives it. */
  private final Thread killOnExit = new Thread(this::killAll, "pos-processes-cleanup");

  /** One started `pos` process and its output file. */
  public record Child(String name, Process process, Path log) {
    /** Temporal's default worker identity of this process (pid@host) starts with this. */
    public String identityPrefix() {
      return process.pid() + "@";
    }

    public String output() {
      try {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      } catch (IOException e) {
        return "(cannot read " + log + ": " + e + ")";
      }
    }

    /** The last lines of the output, for assertion messages. */
    public String tail(int lines) {
      List<String> all = output().lines().toList();
      return "--- " + name + " (pid " + process.pid() + (process.isAlive() ? ", running" : ", exit "
          + process.exitValue()) + "), last " + lines + " lines of " + log + ":\n"
          + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    }

    /** Waits until the output contains {@code text}; fails if the process exits first or time runs out. */
    public void awaitOutput(String text, long timeoutSeconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      while (!output().contains(text)) {
        if (!process.isAlive()) throw new AssertionError(name + " exited before printing '" + text + "'\n" + tail(60));
        if (System.nanoTime() > deadline) {
          throw new AssertionError(name + " did not print '" + text + "' within " + timeoutSeconds + " s\n" + tail(60));
        }
        Thread.sleep(200);
      }
    }
  }

  /**
   * @param env settings for every child (e.g. POS_WORKER_MAX_ACTIVITIES); the rest of the POS/Kafka/S3/Temporal
   *     environment of the test is not passed on
   */
  public PosProcesses(Path logDir, Map<String, String> env) {
    this.logDir = logDir;
    this.env = Map.copyOf(env);
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /** Starts {@code pos args...} as a new JVM. */
  public Child start(String name, String... args) throws IOException {
    return startMain(name, List.of(), Main.class, args);
  }

  /** Starts another main class of the test class path (e.g. a server a test restarts) as a new JVM. */
  public Child startMain(String name, List<String> jvmOptions, Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Path log = logDir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> FOREIGN_ENV_PREFIXES.stream().anyMatch(k::startsWith));
    pb.environment().putAll(env);
    Child child = new Child(name, pb.start(), log);
    children.add(child);
    return child;
  }

  /** The tails of every child's output, for assertion messages. */
  public String tails(int lines) {
    StringBuilder b = new StringBuilder();
    children.forEach(c -> b.append(c.tail(lines)));
    return b.toString();
  }

  /** Kills every child still running (SIGKILL; a test that wants SIGTERM sends it itself) and waits for it. */
  @Override
  public void close() {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException exiting) {
      // the hook is running or has run
    }
  }

  private void killAll() {
    for (Child c : children) {
      c.process().descendants().forEach(ProcessHandle::destroyForcibly);
      c.process().destroyForcibly();
    }
    for (Child c : children) {
      try {
        c.process().waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
