package dev.poslake.worker.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.config.PosSettings;
import dev.poslake.worker.PosProcesses.Child;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes commit to the SQLite catalog at once: `pos up` and a `pos worker` attached to its stack, each
 * allowed {@value #SLOTS} activities, so an ETL run's 8 bronze ranges (and the run log rows) commit from both.
 * {@value #ROUNDS} generator + ETL rounds must complete without one SQLITE_BUSY ("database is locked"), `pos
 * verify` exit 0, and no layer lose or double a row.
 */
@Tag("faults-long")
class CatalogBusyTest {
  private static final int SLOTS = 4;
  private static final int ROUNDS = 2;
  private static final List<String> BUSY = List.of("SQLITE_BUSY", "database is locked");
  private static final List<String> CONFLICT = List.of("Retrying task after failure");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  @Test
  void upAndAWorkerCommitToTheSqliteCatalogAtOnce() throws Exception {
    Map<String, String> settings = new HashMap<>(PipelineUnderTest.SMALL_GENERATOR);
    settings.put(PosSettings.WORKER_MAX_CONCURRENT_ACTIVITIES.key(), String.valueOf(SLOTS));
    try (PipelineUnderTest pos = new PipelineUnderTest(tmp, settings)) {
      Child up = pos.startUp();
      Child worker = pos.start("worker", "worker");
      worker.awaitOutput("polling task queue", 300);
      int retries = 0;
      long start = System.nanoTime();
      for (int i = 0; i < ROUNDS; i++) {
        retries += pos.runToCompletion(up, "generator", 600).retriedActivities();
        retries += pos.runToCompletion(up, "etl", 900).retriedActivities();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long onWorker = activitiesStarted(worker);
      long onUp = activitiesStarted(up);
      long busy = linesWith(up, BUSY) + linesWith(worker, BUSY);
      // evidence that the two processes did commit at the same time: Iceberg retried conflicting commits
      long conflicts = linesWith(up, CONFLICT) + linesWith(worker, CONFLICT);
      LayerChecker.Counts counts = pos.verifyAndCount();
      ScenarioRecord.write("SQLite catalog: `up` and a `pos worker` (" + SLOTS + " activity slots each) commit at "
          + "once; " + ROUNDS + " generator + ETL rounds (" + onUp + " activity attempts on `up`, " + onWorker
          + " on the worker)", busy + " SQLITE_BUSY log lines, " + conflicts + " Iceberg commit conflicts retried, "
          + retries + " activity retries; verify exit 0", counts,
          seconds);
      assertTrue(onWorker > 0 && onUp > 0, "both processes must run activities: up " + onUp + ", worker " + onWorker);
      assertEquals(0, busy, pos.tails(80));
      assertTrue(counts.clean(), counts + "\n" + pos.tails(40));
    }
  }

  private static long activitiesStarted(Child c) {
    return c.output().lines().filter(l -> l.contains("ActivityStartLog") && l.contains(" started (attempt ")).count();
  }

  private static long linesWith(Child c, List<String> texts) {
    return c.output().lines().filter(l -> texts.stream().anyMatch(l::contains)).count();
  }
}
