package dev.poslake.activities.runlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.PipelineRunsTable;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.testing.PosStackExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The run log activity is retried by Temporal (a first attempt that committed and then timed out, or whose
 * worker died): its rows must be written once per run and step whatever the attempts, also when two attempts
 * run at the same time. Real Iceberg tables on the embedded stack.
 */
@ExtendWith(PosStackExtension.class)
class RunLogWriterTest {
  private static final AtomicInteger SEQ = new AtomicInteger();

  private static PipelineResources freshNamespace(PosConfig config) {
    PipelineResources res = PipelineResources.open(config.with(Map.of(PosSettings.ICEBERG_NAMESPACE.key(),
        "runlog" + SEQ.incrementAndGet())));
    PosTables.ensureAll(res.catalog(), res.namespace());
    return res;
  }

  private static List<Record> rows(PipelineResources res, String runId) {
    return TableReader.readAll(res.catalog().loadTable(res.table(PipelineRunsTable.NAME))).stream()
        .filter(r -> runId.equals(r.getField(PipelineRunsTable.RUN_ID))).toList();
  }

  private static RunLogEntry step(String runId, String step) {
    return new RunLogEntry(runId, "pos-etl-test", RunLogEntry.ETL, step, 1L, 2L, 3L, RunLogEntry.SUCCEEDED, null,
        null, null, 10L, 9L, null, null, null);
  }

  private static RunLogEntry failedStepAndRun(String runId, String step, boolean run) {
    return new RunLogEntry(runId, "pos-etl-test", RunLogEntry.ETL, run ? null : step, 1L, 2L, 4L,
        RunLogEntry.FAILED, run ? 1 : null, "boom", null, null, null, null, null, null);
  }

  @Test
  void aRetriedAppendWritesItsRowsOnce(PosConfig config) throws Exception {
    try (PipelineResources res = freshNamespace(config)) {
      RunLogWriter writer = new RunLogWriter(res);
      String runId = UUID.randomUUID().toString();
      writer.append(List.of(step(runId, "bronze")), "w1");
      writer.append(List.of(step(runId, "silver")), "w1");
      writer.append(List.of(step(runId, "bronze")), "w2"); // the retry of the bronze row's activity
      List<RunLogEntry> failed = List.of(failedStepAndRun(runId, "gold", false), failedStepAndRun(runId, "gold", true));
      writer.append(failed, "w1");
      writer.append(failed, "w2");

      List<Record> rows = rows(res, runId);
      assertEquals(4, rows.size(), "bronze, silver, gold (failed), the run: " + rows);
      assertEquals(List.of("w1"), rows.stream().filter(r -> "bronze".equals(r.getField(PipelineRunsTable.STEP)))
          .map(r -> r.getField(PipelineRunsTable.WORKER)).toList(), "the first attempt's row stays");

      // the same step of another run is another row
      String other = UUID.randomUUID().toString();
      writer.append(List.of(step(other, "bronze")), "w1");
      assertEquals(1, rows(res, other).size());
    }
  }

  @Test
  void concurrentAttemptsOfOneAppendWriteItsRowsOnce(PosConfig config) throws Exception {
    int attempts = 4;
    ExecutorService pool = Executors.newFixedThreadPool(attempts);
    try (PipelineResources res = freshNamespace(config)) {
      for (int round = 0; round < 3; round++) {
        String runId = UUID.randomUUID().toString();
        List<RunLogEntry> entries = List.of(step(runId, "plan"), step(runId, "bronze"));
        // each attempt with its own writer (as on different workers), released together
        CyclicBarrier start = new CyclicBarrier(attempts);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
          String worker = "w" + i;
          done.add(pool.submit(() -> {
            RunLogWriter writer = new RunLogWriter(res);
            start.await(30, TimeUnit.SECONDS);
            writer.append(entries, worker);
            return null;
          }));
        }
        for (Future<?> f : done) f.get(120, TimeUnit.SECONDS);
        assertEquals(2, rows(res, runId).size(), "round " + round + ": " + rows(res, runId));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
