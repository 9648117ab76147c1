package dev.poslake.worker.etl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.tables.PipelineRunsTable;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.ops.metrics.PipelineMetrics;
import dev.poslake.ops.metrics.RunLogMetrics;
import dev.poslake.ops.runs.RunLogFeed;
import dev.poslake.ops.runs.RunLogQuery;
import dev.poslake.ops.runs.RunRow;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.worker.CliRunner;
import dev.poslake.workflows.etl.EtlOptions;
import io.temporal.client.WorkflowFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lost Kafka offsets through the whole product: the ETL run fails with DATA LOSS (non-retryable) and writes
 * nothing; `pos ops acknowledge-loss` skips them and records who and why in the run log; `pos ops status`, the
 * run metrics and the next runs show it; with the setting on, a run skips them itself and its run row says so.
 */
@ExtendWith(PosStackExtension.class)
class DataLossOpsTest {

  @Test
  void lostOffsetsFailTheRunUntilAcknowledgedAndTheLossStaysVisible(PosStackExtension.Running stack,
      @TempDir Path dir) throws Exception {
    try (Lane lane = Lane.open(stack.config(), "loss", 200, 1, Map.of(),
        dev.poslake.worker.PipelineWorker::register)) {
      for (int i = 0; i < 20; i++) lane.publish("k" + i, "not json " + i);
      lane.etl();
      for (int i = 0; i < 20; i++) lane.publish("m" + i, "not json either " + i);
      long lost = retentionDeletesEverythingUnread(lane);

      WorkflowFailedException failed = assertThrows(WorkflowFailedException.class, lane::etl);
      assertTrue(rootMessage(failed).contains("DATA LOSS"), rootMessage(failed));
      RunLogQuery log = new RunLogQuery(lane.resources.catalog(), lane.resources.table(PipelineRunsTable.NAME));
      RunRow failedRun = log.lastRun("etl").orElseThrow();
      assertEquals("failed", failedRun.status());
      assertTrue(failedRun.error().contains("acknowledge-loss"), failedRun.error());

      Path config = configFile(lane, dir);
      CliRunner.Result ack = CliRunner.run("ops", "acknowledge-loss", "--note", "broker disk full",
          "--data-dir", stack.dataDir().toString(), "--config", config.toString());
      assertEquals(0, ack.code(), ack.toString());
      assertTrue(ack.out().contains(lost + " offsets acknowledged as lost"), ack.toString());

      List<RunRow> losses = log.dataLoss();
      assertEquals(1, losses.size());
      assertEquals("ops", losses.get(0).kind());
      assertEquals(lost, losses.get(0).lostOffsets());
      assertTrue(losses.get(0).note().startsWith("acknowledge-loss by ") && losses.get(0).note()
          .endsWith(": broker disk full"), losses.get(0).note());

      lane.etl(); // continues after the acknowledged gap
      CliRunner.Result status = CliRunner.run("ops", "status", "--data-dir", stack.dataDir().toString(),
          "--config", config.toString());
      assertTrue(status.out().contains("DATA LOSS: " + lost + " Kafka offsets"), status.toString());

      // the same with the setting: the run skips the lost offsets itself and its run row records them
      for (int i = 0; i < 10; i++) lane.publish("n" + i, "lost too " + i);
      long lostAgain = retentionDeletesEverythingUnread(lane);
      lane.etl(EtlOptions.from(lane.config).withAcceptDataLoss(true));
      RunRow skipped = log.lastRun("etl").orElseThrow();
      assertEquals("succeeded", skipped.status());
      assertEquals(lostAgain, skipped.lostOffsets());
      assertNull(log.runs("etl", 0).get(0).lostOffsets(), "runs without loss record none");

      try (PipelineMetrics metrics = new PipelineMetrics()) {
        new RunLogFeed(lane.table(PipelineRunsTable.NAME), new RunLogMetrics(metrics)).poll();
        assertTrue(metrics.scrape().contains("pos_kafka_offsets_lost_total " + (double) (lost + lostAgain)),
            metrics.scrape());
      }
    }
  }

  /** Deletes every record of the topic that bronze has not read: what retention does to a stopped pipeline. */
  private static long retentionDeletesEverythingUnread(Lane lane) throws Exception {
    long lost = 0;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers",
        lane.config.get(PosSettings.KAFKA_BOOTSTRAP_SERVERS)))) {
      var ends = admin.listOffsets(java.util.stream.IntStream.range(0, 8).boxed().collect(
          java.util.stream.Collectors.toMap(p -> new TopicPartition(lane.resources.topic(), p),
              p -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
      var committed = dev.poslake.activities.etl.bronze.BronzeOffsets.committed(
          lane.table(dev.poslake.catalog.tables.RawInventoryChangeTable.NAME), lane.resources.topic());
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      for (var e : ends.entrySet()) {
        long end = e.getValue().offset();
        lost += end - committed.getOrDefault(e.getKey().partition(), 0L);
        delete.put(e.getKey(), RecordsToDelete.beforeOffset(end));
      }
      admin.deleteRecords(delete).all().get();
    }
    assertTrue(lost > 0);
    return lost;
  }

  private static Path configFile(Lane lane, Path dir) throws Exception {
    Properties p = new Properties();
    for (var s : List.of(PosSettings.KAFKA_TOPIC, PosSettings.S3_BUCKET, PosSettings.ICEBERG_NAMESPACE,
        PosSettings.TEMPORAL_TASK_QUEUE)) {
      p.setProperty(s.key(), String.valueOf(lane.config.get(s)));
    }
    Path file = dir.resolve("lane.properties");
    try (var w = Files.newBufferedWriter(file)) {
      p.store(w, null);
    }
    return file;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) c = c.getCause();
    return String.valueOf(c.getMessage());
  }
}
