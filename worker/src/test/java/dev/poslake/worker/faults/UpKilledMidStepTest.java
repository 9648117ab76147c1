package dev.poslake.worker.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.worker.PosProcesses.Child;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of `pos up` (embedded stack: Kafka, S3, Temporal and the worker all die) while an ETL step runs, then
 * `pos up` again on the same data dir. The embedded Temporal loses the killed run; the tables keep their commits.
 * The next ETL run must complete, then a generator and an ETL run more, `pos verify` exit 0 against the generator's
 * truth, and no layer may lose or double a row. Each test waits for the step's activity to start in the killed process (ActivityStartLog) and checks
 * afterwards that the killed run had not logged the step as done, and which commits it made to the step's table.
 */
class UpKilledMidStepTest {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps the processes' logs
  Path tmp;

  @Test
  @Tag("faults")
  void duringSilver() throws Exception {
    killUpDuring("silver", "SilverParse", InventoryChangeTable.NAME, 0, false);
  }

  /** Killed after the first of the 8 ranges committed: some ranges are in bronze, the others not yet. */
  @Test
  @Tag("faults-long")
  void duringBronze() throws Exception {
    killUpDuring("bronze", "BronzeIngest", RawInventoryChangeTable.NAME, 0, true);
  }

  @Test
  @Tag("faults-long")
  void duringSnapshots() throws Exception {
    killUpDuring("snapshots", "SnapshotFanOutIngest", InventorySnapshotTable.NAME, 0, false);
  }

  @Test
  @Tag("faults-long")
  void duringGold() throws Exception {
    killUpDuring("gold", "GoldFanOutMergeBucket", CurrentInventoryTable.NAME, 0, false);
  }

  /** After one full round, bronze has two files per Kafka partition: its compaction (the first) has work. */
  @Test
  @Tag("faults-long")
  void duringMaintenance() throws Exception {
    killUpDuring("maintenance", "MaintenanceCompact", RawInventoryChangeTable.NAME, 1, false);
  }

  /**
   * @param table        the table the step commits to, whose commits by the killed run are recorded
   * @param roundsBefore complete generator + ETL rounds before the round whose ETL is killed
   * @param afterFirstCommit kill once the step made its first commit to {@code table}, else as soon as it starts
   */
  private void killUpDuring(String step, String activity, String table, int roundsBefore, boolean afterFirstCommit)
      throws Exception {
    try (PipelineUnderTest pos = new PipelineUnderTest(tmp, PipelineUnderTest.SMALL_GENERATOR)) {
      Child up = pos.startUp();
      for (int i = 0; i < roundsBefore; i++) {
        pos.runToCompletion(up, "generator", 300);
        pos.runToCompletion(up, "etl", 600);
      }
      pos.runToCompletion(up, "generator", 300);
      List<Long> before = pos.snapshotIds(table);
      String killed = pos.trigger("etl");
      pos.awaitActivity(up, activity, killed, 600);
      if (afterFirstCommit) pos.awaitCommit(table, before, 600);
      PipelineUnderTest.kill(up);

      long restart = System.nanoTime();
      Child again = pos.startUp();
      Map<String, String> logged = pos.loggedSteps(killed);
      Map<String, Integer> commits = pos.commitsSince(table, before);
      assertFalse(logged.containsKey(step), "the kill landed after " + step + " ended: " + logged);
      PipelineUnderTest.Run recovery = pos.runToCompletion(again, "etl", 900);
      double recoverySeconds = (System.nanoTime() - restart) / 1e9;
      // and the pipeline goes on: new data after the crash is ingested once
      pos.runToCompletion(again, "generator", 300);
      PipelineUnderTest.Run next = pos.runToCompletion(again, "etl", 900);
      LayerChecker.Counts counts = pos.verifyAndCount();
      String landing = "SIGKILL of `up` during " + step + " (" + activity + " attempt 1 had started; killed run had "
          + "logged " + logged.keySet() + "; its commits to " + table + ": " + (commits.isEmpty() ? "none" : commits)
          + ")";
      ScenarioRecord.write(landing, "restart; the next ETL run completed, and a generator + ETL round after it; "
          + (recovery.retriedActivities() + next.retriedActivities()) + " activity retries; verify exit 0", counts,
          recoverySeconds);
      assertTrue(counts.clean(), counts + "\n" + pos.tails(40));
    }
  }
}
