package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.config.PosSettings;
import dev.poslake.worker.PosProcesses.Child;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who owns the embedded stack of a data dir, with real `pos` processes: a short-lived command that started the
 * stack holds it alone (a second command says busy at once), and a process attached to `pos up` stops with one
 * error line soon after `up` is killed, instead of retrying against the dead servers forever.
 */
class StackOwnershipProcessTest {
  /** The bound every command must meet after losing the stack it attached to. */
  private static final long LOST_STACK_EXIT_SECONDS = 30;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps the processes' logs
  Path tmp;
  private PosProcesses pos;

  @AfterEach
  void killChildren() {
    if (pos != null) pos.close();
  }

  @Test
  void aSecondShortLivedCommandOnTheDataDirOfAnotherSaysBusy() throws Exception {
    Path dir = tmp.resolve("data");
    pos = new PosProcesses(tmp, Map.of());
    // a fresh data dir: the generator's run uploads the reference files, which the ETL needs
    Child first = pos.start("generate", "generate", "--once", "--sim-minutes", "30", "--data-dir", dir.toString());
    awaitFile(first, dir.resolve("stack.properties"), 120); // it owns the data dir's stack from here on

    Child second = pos.start("etl-busy", "etl", "--once", "--data-dir", dir.toString());
    assertTrue(second.process().waitFor(60, TimeUnit.SECONDS), "the second command did not stop\n" + pos.tails(40));
    assertTrue(first.process().isAlive(), "the first command ended before the second one checked: inconclusive\n"
        + pos.tails(40));
    assertEquals(1, second.process().exitValue(), second.tail(40));
    List<String> lines = second.output().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "one line, nothing else\n" + second.tail(40));
    assertEquals("error: busy: `pos generate` (pid " + first.process().pid() + ") is using the embedded stack of "
        + dir.toAbsolutePath() + "; wait for it, or run `./pos up` there so commands can share one stack",
        lines.get(0));

    // the owner is not disturbed, and once it is done the data dir is free for the next command
    assertTrue(first.process().waitFor(240, TimeUnit.SECONDS), pos.tails(40));
    assertEquals(0, first.process().exitValue(), first.tail(40));
    Child third = pos.start("etl", "etl", "--once", "--data-dir", dir.toString());
    assertTrue(third.process().waitFor(240, TimeUnit.SECONDS), pos.tails(40));
    assertEquals(0, third.process().exitValue(), third.tail(40));
  }

  @Test
  void anAttachedWorkerStopsWithOneErrorLineWhenUpIsKilled() throws Exception {
    String dir = tmp.resolve("data").toString();
    pos = new PosProcesses(tmp, Map.of(PosSettings.OPS_PORT.envVar(), "0"));
    Child up = pos.start("up", "up", "--data-dir", dir, "--paused");
    up.awaitOutput("up: data dir", 180);
    Child worker = pos.start("worker", "worker", "--data-dir", dir);
    worker.awaitOutput("polling task queue", 180);
    int linesBefore = (int) worker.output().lines().count();

    up.process().destroyForcibly(); // SIGKILL: no chance to say goodbye
    long killedAt = System.nanoTime();
    assertTrue(up.process().waitFor(30, TimeUnit.SECONDS));
    boolean exited = worker.process().waitFor(LOST_STACK_EXIT_SECONDS + 30, TimeUnit.SECONDS);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt);
    assertTrue(exited, "the worker still runs " + seconds + " s after its stack was killed\n" + worker.tail(40));
    assertTrue(seconds <= LOST_STACK_EXIT_SECONDS, "stopped after " + seconds + " s\n" + worker.tail(40));
    assertEquals(1, worker.process().exitValue(), worker.tail(40));

    List<String> after = worker.output().lines().skip(linesBefore).filter(l -> !l.isBlank()).toList();
    List<String> errors = after.stream().filter(l -> l.startsWith("error:")).toList();
    assertEquals(1, errors.size(), worker.tail(40));
    assertTrue(errors.get(0).contains("`pos up` (pid " + up.process().pid() + ")") && errors.get(0).contains("exited"),
        errors.get(0));
    assertEquals(errors.get(0), after.get(after.size() - 1), "the error is the last word\n" + worker.tail(40));
  }

  private static void awaitFile(Child owner, Path file, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (!Files.exists(file)) {
      assertTrue(owner.process().isAlive(), owner.name() + " exited before writing " + file + "\n" + owner.tail(40));
      assertTrue(System.nanoTime() < deadline, file + " not written within " + timeoutSeconds + " s\n" + owner.tail(40));
      Thread.sleep(20);
    }
  }
}
