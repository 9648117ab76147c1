package dev.poslake.activities.etl.bronze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.testing.PosStackExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Data loss is loud: offsets that retention deleted before bronze read them stop the ETL until an operator
 * acknowledges them (or a setting allows it), and a topic recreated under the same name is never read as if it were
 * the old one, however many records it already holds.
 */
@ExtendWith(PosStackExtension.class)
class BronzeDataLossTest {

  static void ingestAll(EtlFixture f, OffsetPlan plan) {
    BronzeIngester in = new BronzeIngester(f.resources);
    plan.ranges().forEach(r -> in.ingest(r, ProgressReporter.none()));
  }

  static List<Long> offsets(EtlFixture f, int partition) {
    return f.rows(RawInventoryChangeTable.NAME).stream().filter(r -> (int) r.getField("partition") == partition)
        .map(r -> (Long) r.getField("offset")).sorted().toList();
  }

  /** What retention does: the partition's log now starts at {@code offset}. */
  static void deleteBefore(EtlFixture f, int partition, long offset) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers",
        f.resources.config().get(PosSettings.KAFKA_BOOTSTRAP_SERVERS)))) {
      admin.deleteRecords(Map.of(new TopicPartition(f.topic, partition), RecordsToDelete.beforeOffset(offset)))
          .all().get();
    }
  }

  @Test
  void lostOffsetsStopThePlanUntilAcknowledged(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(config, false)) {
      f.sendMany(0, 10);
      f.sendMany(3, 4);
      ingestAll(f, new OffsetPlanner(f.resources).plan(100));
      f.sendMany(0, 10); // offsets 10..19, of which retention deletes 10..14 before the next run
      deleteBefore(f, 0, 15);

      DataLossException e = assertThrows(DataLossException.class, () -> new OffsetPlanner(f.resources).plan(100));
      assertEquals(List.of(new LostRange(0, 10, 15)), e.lost());
      assertTrue(e.getMessage().contains("partition 0 [10, 15)") && e.getMessage().contains("acknowledge-loss"),
          e.getMessage());
      assertEquals(10, offsets(f, 0).size(), "nothing ingested");

      List<LostRange> acknowledged = new BronzeOffsetActions(f.resources).acknowledgeLoss("ops@test", "broker down");
      assertEquals(List.of(new LostRange(0, 10, 15)), acknowledged);
      Map<String, String> summary = f.table(RawInventoryChangeTable.NAME).currentSnapshot().summary();
      assertEquals("0:5", summary.get(BronzeIngester.LOST_KEY));
      assertEquals("ops@test", summary.get(BronzeOffsetActions.BY_KEY));
      assertEquals("broker down", summary.get(BronzeOffsetActions.NOTE_KEY));
      assertEquals("4", summary.get(BronzeOffsets.key(f.topic, 3)), "other partitions carried forward");
      assertTrue(new BronzeOffsetActions(f.resources).acknowledgeLoss("ops@test", "again").isEmpty());

      OffsetPlan plan = new OffsetPlanner(f.resources).plan(100);
      assertEquals(0, plan.lostOffsets());
      ingestAll(f, plan);
      assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 15L, 16L, 17L, 18L, 19L), offsets(f, 0));
    }
  }

  @Test
  void theSettingSkipsLostOffsetsAndRecordsThemInTheBronzeCommit(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(config, false)) {
      f.sendMany(2, 8);
      deleteBefore(f, 2, 3);
      OffsetPlan plan = new OffsetPlanner(f.resources).plan(100, true);
      assertEquals(3, plan.lostOffsets());
      assertEquals(List.of(new LostRange(2, 0, 3)), plan.lost());
      assertEquals(3, plan.ranges().get(0).fromOffset());
      ingestAll(f, plan);
      assertEquals("2:3", f.table(RawInventoryChangeTable.NAME).currentSnapshot().summary()
          .get(BronzeIngester.LOST_KEY));
      assertEquals(List.of(3L, 4L, 5L, 6L, 7L), offsets(f, 2));
    }
  }

  @Test
  void aRecreatedTopicIsNeverReadAsTheOldOneUntilOffsetsAreReset(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(config, false)) {
      f.sendMany(1, 10);
      OffsetPlan first = new OffsetPlanner(f.resources).plan(100);
      ingestAll(f, first);
      String oldId = f.table(RawInventoryChangeTable.NAME).currentSnapshot().summary()
          .get(BronzeOffsets.topicIdKey(f.topic));
      assertEquals(first.topicId(), oldId, "bronze records the topic id with its offsets");

      recreate(f);
      f.sendMany(1, 12); // more records than bronze committed: the offsets alone look fine
      TopicChangedException e = assertThrows(TopicChangedException.class,
          () -> new OffsetPlanner(f.resources).plan(100));
      assertTrue(e.getMessage().contains("reset-offsets"), e.getMessage());
      // a range planned on the old topic cannot be committed either
      PartitionRange stale = new PartitionRange(f.topic, 1, 10, 12, oldId);
      assertThrows(TopicChangedException.class, () -> new BronzeIngester(f.resources).ingest(stale,
          ProgressReporter.none()));

      List<BronzeOffsetActions.Moved> moved = new BronzeOffsetActions(f.resources)
          .reset(BronzeOffsetActions.ResetTo.EARLIEST, "ops@test", "topic recreated");
      assertTrue(moved.contains(new BronzeOffsetActions.Moved(1, 10, 0)), moved.toString());
      OffsetPlan after = new OffsetPlanner(f.resources).plan(100);
      assertNotEquals(oldId, after.topicId());
      ingestAll(f, after);
      List<Record> rows = f.rows(RawInventoryChangeTable.NAME);
      assertEquals(22, rows.size(), "10 records of the old topic and 12 of the new one");
    }
  }

  private static void recreate(EtlFixture f) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers",
        f.resources.config().get(PosSettings.KAFKA_BOOTSTRAP_SERVERS)))) {
      admin.deleteTopics(List.of(f.topic)).all().get();
      long deadline = System.currentTimeMillis() + 30_000;
      while (true) {
        try {
          admin.createTopics(List.of(new NewTopic(f.topic, 8, (short) 1))).all().get();
          return;
        } catch (ExecutionException ex) {
          if (!(ex.getCause() instanceof TopicExistsException) || System.currentTimeMillis() > deadline) throw ex;
          Thread.sleep(200); // the deletion is still going on
        }
      }
    }
  }
}
