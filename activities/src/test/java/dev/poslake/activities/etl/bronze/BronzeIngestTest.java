package dev.poslake.activities.etl.bronze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PosStackExtension.class)
class BronzeIngestTest {

  static BronzeIngester ingester(EtlFixture f, BronzeCommitHook hook) {
    return new BronzeIngester(f.resources, hook, Duration.ofSeconds(30));
  }

  static List<Record> raw(EtlFixture f) {
    return f.rows(RawInventoryChangeTable.NAME);
  }

  static long offsetsOf(List<Record> rows, int partition) {
    return rows.stream().filter(r -> (int) r.getField("partition") == partition).count();
  }

  /** Offsets per partition must be exactly 0..n-1: no gap, no overlap, no duplicate. */
  static void assertExactlyOnce(List<Record> rows, int partition, long end) {
    List<Long> offsets = rows.stream().filter(r -> (int) r.getField("partition") == partition)
        .map(r -> (Long) r.getField("offset")).sorted().toList();
    assertEquals(end, offsets.size(), "rows of partition " + partition);
    for (int i = 0; i < offsets.size(); i++) assertEquals(i, offsets.get(i));
  }

  @Test
  void planFromEmptyTableStartsAtZeroAndCaps(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(config, false)) {
      f.sendMany(0, 10);
      f.sendMany(2, 3);
      OffsetPlan plan = new OffsetPlanner(f.resources).plan(5);
      assertEquals(f.topic, plan.topic());
      assertEquals(List.of(new PartitionRange(f.topic, 0, 0, 5), new PartitionRange(f.topic, 2, 0, 3)),
          withoutTopicIds(plan.ranges()));
      assertNotNull(plan.topicId());
      plan.ranges().forEach(r -> assertEquals(plan.topicId(), r.topicId()));
      assertEquals(5, plan.totalLag());
      assertEquals(0, plan.lostOffsets());
    }
  }

  @Test
  void ingestCommitsRowsAndOffsetsInOneSnapshotAndARetryCommitsNothing(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(config, false)) {
      f.sendMany(1, 10);
      f.send(1, null, (byte[]) null); // a tombstone: bytes untouched means null stays null
      PartitionRange r = new OffsetPlanner(f.resources).plan(8).ranges().get(0);
      assertEquals(List.of(new PartitionRange(f.topic, 1, 0, 8)), withoutTopicIds(List.of(r)));
      BronzeIngester in = ingester(f, BronzeCommitHook.NONE);
      BronzeResult first = in.ingest(r, ProgressReporter.none());
      assertEquals(8, first.records());
      assertFalse(first.alreadyCommitted());
      assertEquals(1, first.filesWritten());

      Table t = f.table(RawInventoryChangeTable.NAME);
      Snapshot s = t.currentSnapshot();
      assertEquals(first.snapshotId(), s.snapshotId());
      assertEquals("append", s.operation());
      assertEquals("8", s.summary().get("added-records")); // rows and offsets: the same snapshot
      assertEquals("8", s.summary().get(BronzeOffsets.key(f.topic, 1)));
      List<Record> rows = raw(f);
      assertExactlyOnce(rows, 1, 8);
      Record r3 = rows.stream().filter(x -> (long) x.getField("offset") == 3).findFirst().orElseThrow();
      assertArrayEquals("p1-3".getBytes(StandardCharsets.UTF_8), bytes(r3.getField("value")));
      assertArrayEquals("k3".getBytes(StandardCharsets.UTF_8), bytes(r3.getField("key")));
      assertEquals(f.topic, r3.getField("topic"));
      long payload = rows.stream().mapToLong(x -> bytes(x.getField("key")).length + bytes(x.getField("value")).length)
          .sum();
      assertEquals(8 * ("k0".length() + "p1-0".length()), payload);
      assertEquals(payload, first.payloadBytes(), "the key and value bytes read");
      assertTrue(first.cpuNanos() > 0);

      BronzeResult again = in.ingest(r, ProgressReporter.none());
      assertTrue(again.alreadyCommitted());
      assertEquals(s.snapshotId(), f.table(RawInventoryChangeTable.NAME).currentSnapshot().snapshotId());
      assertEquals(8, raw(f).size());

      // the next plan continues exactly at the committed end, including the tombstone
      OffsetPlan next = new OffsetPlanner(f.resources).plan(100);
      assertEquals(List.of(new PartitionRange(f.topic, 1, 8, 11)), withoutTopicIds(next.ranges()));
      BronzeResult withTombstone = in.ingest(next.ranges().get(0), ProgressReporter.none());
      assertEquals(2 * ("k8".length() + "p1-8".length()), withTombstone.payloadBytes(), "a tombstone has none");
      List<Record> all = raw(f);
      assertExactlyOnce(all, 1, 11);
      Record tomb = all.stream().filter(x -> (long) x.getField("offset") == 10).findFirst().orElseThrow();
      assertNull(tomb.getField("value"));
      assertNull(tomb.getField("key"));

      // a range that overlaps what is committed is refused
      OffsetConflictException e = assertThrows(OffsetConflictException.class,
          () -> in.ingest(new PartitionRange(f.topic, 1, 9, 12), ProgressReporter.none()));
      assertTrue(e.getMessage().contains("up to offset 11"), e.getMessage());
    }
  }

  @Test
  void crashAfterFilesWrittenBeforeCommitThenRetry(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(config, false)) {
      f.sendMany(4, 20);
      PartitionRange r = new PartitionRange(f.topic, 4, 0, 20);
      BronzeIngester crashing = ingester(f, (range, files, attempt) -> {
        assertFalse(files.isEmpty());
        throw new IllegalStateException("worker died");
      });
      assertThrows(IllegalStateException.class, () -> crashing.ingest(r, ProgressReporter.none()));
      assertNull(f.table(RawInventoryChangeTable.NAME).currentSnapshot());

      BronzeResult retry = ingester(f, BronzeCommitHook.NONE).ingest(r, ProgressReporter.none());
      assertEquals(20, retry.records());
      assertExactlyOnce(raw(f), 4, 20);
      assertEquals(Map.of(4, 20L), BronzeOffsets.committed(f.table(RawInventoryChangeTable.NAME), f.topic));
    }
  }

  @Test
  void staleAttemptRacingItsRetryCommitsOnce(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(config, false)) {
      f.sendMany(6, 15);
      PartitionRange r = new PartitionRange(f.topic, 6, 0, 15);
      AtomicBoolean raced = new AtomicBoolean();
      // the stale attempt has written its files and checked the offsets; just then the retry runs and commits
      BronzeIngester stale = ingester(f, (range, files, attempt) -> {
        if (raced.compareAndSet(false, true)) {
          BronzeResult retry = ingester(f, BronzeCommitHook.NONE).ingest(r, ProgressReporter.none());
          assertFalse(retry.alreadyCommitted());
        }
      });
      BronzeResult staleResult = stale.ingest(r, ProgressReporter.none());
      assertTrue(raced.get());
      assertTrue(staleResult.alreadyCommitted(), "Iceberg's validation must stop the stale commit");
      assertExactlyOnce(raw(f), 6, 15);
    }
  }

  @Test
  void parallelIngestOfAllPartitionsKeepsEveryOffset(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(config, false)) {
      for (int p = 0; p < 8; p++) f.sendMany(p, 30 + p);
      OffsetPlan plan = new OffsetPlanner(f.resources).plan(1000);
      assertEquals(8, plan.ranges().size());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<BronzeResult>> results = new ArrayList<>();
        for (PartitionRange r : plan.ranges()) {
          results.add(pool.submit(() -> ingester(f, BronzeCommitHook.NONE).ingest(r, ProgressReporter.none())));
        }
        for (Future<BronzeResult> res : results) assertFalse(res.get().alreadyCommitted());
      } finally {
        pool.shutdown();
      }
      Table t = f.table(RawInventoryChangeTable.NAME);
      Map<String, String> summary = t.currentSnapshot().summary();
      for (int p = 0; p < 8; p++) {
        assertEquals(Long.toString(30 + p), summary.get(BronzeOffsets.key(f.topic, p)), "partition " + p);
      }
      List<Record> rows = raw(f);
      for (int p = 0; p < 8; p++) assertExactlyOnce(rows, p, 30 + p);
      assertTrue(new OffsetPlanner(f.resources).plan(1000).ranges().isEmpty());
    }
  }

  @Test
  void throughTemporalAConflictIsNonRetryable(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(config, false)) {
      f.sendMany(3, 5);
      TestActivityEnvironment env = TestActivityEnvironment.newInstance();
      try {
        env.registerActivitiesImplementations(new BronzeActivitiesImpl(f.resources));
        BronzeActivities a = env.newActivityStub(BronzeActivities.class);
        OffsetPlan plan = a.plan(100, false);
        assertEquals(5, a.ingest(plan.ranges().get(0)).records());
        ActivityFailure e = assertThrows(ActivityFailure.class,
            () -> a.ingest(new PartitionRange(f.topic, 3, 2, 8)));
        ApplicationFailure cause = (ApplicationFailure) e.getCause();
        assertEquals(BronzeActivities.OFFSET_CONFLICT, cause.getType());
        assertTrue(cause.isNonRetryable());
      } finally {
        env.close();
      }
    }
  }

  /** Ranges as planned, without the topic id (compared on its own). */
  static List<PartitionRange> withoutTopicIds(List<PartitionRange> ranges) {
    return ranges.stream().map(r -> new PartitionRange(r.topic(), r.partition(), r.fromOffset(), r.toOffset()))
        .toList();
  }

  static byte[] bytes(Object o) {
    ByteBuffer b = ((ByteBuffer) o).duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @SuppressWarnings("unused")
  private static Set<Integer> partitions(List<Record> rows) {
    Set<Integer> s = new TreeSet<>();
    rows.forEach(r -> s.add((Integer) r.getField("partition")));
    return s;
  }
}
