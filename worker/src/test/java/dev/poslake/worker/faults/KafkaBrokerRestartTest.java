package dev.poslake.worker.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.tables.RawInventoryChangeTable;
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
 * The Kafka broker (external to `pos up`: KAFKA_BOOTSTRAP_SERVERS, a child JVM) is SIGKILLed while bronze reads it
 * (once the first of the 8 ranges committed) and started again {@value #DOWN_SECONDS} s later on the same port and log dir. The ETL run that was reading must
 * complete (its bronze ranges retry), `pos verify` exit 0, and no layer lose or double a row.
 */
@Tag("faults-long")
class KafkaBrokerRestartTest {
  private static final int DOWN_SECONDS = 5;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path tmp;

  @Test
  void brokerKilledAndRestartedDuringBronze() throws Exception {
    int port = FreePorts.pick();
    int controllerPort = FreePorts.pick();
    Map<String, String> settings = new HashMap<>(PipelineUnderTest.SMALL_GENERATOR);
    settings.put(PosSettings.KAFKA_BOOTSTRAP_SERVERS.key(), "127.0.0.1:" + port);
    try (PipelineUnderTest pos = new PipelineUnderTest(tmp, settings)) {
      Child broker = startBroker(pos, "kafka-1", port, controllerPort);
      Child up = pos.startUp();
      pos.runToCompletion(up, "generator", 300);
      List<Long> before = pos.snapshotIds(RawInventoryChangeTable.NAME);
      String etl = pos.trigger("etl");
      pos.awaitActivity(up, "BronzeIngest", etl, 600);
      pos.awaitCommit(RawInventoryChangeTable.NAME, before, 600); // some ranges done, the others reading
      PipelineUnderTest.kill(broker);
      long killed = System.nanoTime();
      Map<String, Integer> committedBeforeKill = pos.commitsSince(RawInventoryChangeTable.NAME, before);
      Thread.sleep(DOWN_SECONDS * 1000L);
      startBroker(pos, "kafka-2", port, controllerPort);
      PipelineUnderTest.Run run = pos.awaitRun(up, etl, 900);
      double recoverySeconds = (System.nanoTime() - killed) / 1e9;
      assertTrue(run.completed(), run.line() + "\n" + pos.tails(60));
      LayerChecker.Counts counts = pos.verifyAndCount();
      ScenarioRecord.write("Kafka broker SIGKILLed during bronze, restarted " + DOWN_SECONDS + " s later (bronze "
          + "commits when killed: " + (committedBeforeKill.isEmpty() ? "none" : committedBeforeKill) + " of 8 ranges)",
          "the same ETL run completed, " + run.retriedActivities() + " activity retries; verify exit 0", counts,
          recoverySeconds);
      assertTrue(counts.clean(), counts + "\n" + pos.tails(40));
    }
  }

  private static Child startBroker(PipelineUnderTest pos, String name, int port, int controllerPort) throws Exception {
    Child broker = pos.processes().startMain(name, List.of(), KafkaBrokerMain.class,
        pos.dataDir().resolve("external-kafka").toString(), String.valueOf(port), String.valueOf(controllerPort));
    broker.awaitOutput(KafkaBrokerMain.READY, 180);
    return broker;
  }
}
