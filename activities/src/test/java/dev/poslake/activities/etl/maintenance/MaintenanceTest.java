package dev.poslake.activities.etl.maintenance;

import static dev.poslake.activities.etl.support.EtlFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.etl.bronze.BronzeOffsets;
import dev.poslake.activities.etl.bronze.OffsetPlanner;
import dev.poslake.activities.etl.silver.SilverProcessor;
import dev.poslake.activities.etl.silver.SilverResult;
import dev.poslake.activities.etl.silver.SilverState;
import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PosStackExtension.class)
class MaintenanceTest {
  static final long TARGET = 128L * 1024 * 1024;

  static List<String> sorted(List<Record> rows, String... drop) {
    return rows.stream().map(Record::toString).sorted().collect(Collectors.toList());
  }

  static int liveFiles(Table t) {
    int[] n = {0};
    t.newScan().planFiles().forEach(x -> n[0]++);
    return n[0];
  }

  @Test
  void compactionKeepsRowsAndOffsetsAndIncrementalReadersSkipIt(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(config, true)) {
      SilverProcessor silver = new SilverProcessor(f.resources);
      for (int run = 0; run < 3; run++) {
        for (int p = 0; p < 2; p++) {
          String t = UUID.randomUUID().toString();
          f.send(p, t, message(t, 1, 1, "2026-11-25T10:00:00Z", new int[][] {{100001 + run, -1}}, null, null));
        }
        f.bronze();
        silver.process(0, ProgressReporter.none());
      }
      Table raw = f.table(RawInventoryChangeTable.NAME);
      assertEquals(6, liveFiles(raw));
      Map<Integer, Long> offsets = BronzeOffsets.committed(raw, f.topic);
      List<String> rawBefore = sorted(f.rows(RawInventoryChangeTable.NAME));
      List<String> changeBefore = sorted(f.rows(InventoryChangeTable.NAME));
      assertEquals(6, changeBefore.size());

      Compactor compactor = new Compactor(f.resources);
      MaintenanceResult r = compactor.compact(RawInventoryChangeTable.NAME, 3, TARGET, ProgressReporter.none());
      // one group per Kafka partition: a compacted file still holds one partition's contiguous offsets
      assertEquals(2, r.partitionsCompacted());
      assertEquals(6, r.filesRemoved());
      assertEquals(2, r.filesAdded());
      assertEquals(6, r.rowsRewritten());
      raw = f.table(RawInventoryChangeTable.NAME);
      Snapshot s = raw.currentSnapshot();
      assertEquals("replace", s.operation());
      assertNull(s.summary().get(BronzeOffsets.key(f.topic, 0)), "a compaction carries no state");
      assertEquals(offsets, BronzeOffsets.committed(raw, f.topic), "read from the newest state commit");
      assertEquals(rawBefore, sorted(f.rows(RawInventoryChangeTable.NAME)));
      assertEquals(2, liveFiles(raw));
      assertTrue(new OffsetPlanner(f.resources).plan(100).ranges().isEmpty());
      // below the threshold: nothing to do
      assertEquals(0, compactor.compact(RawInventoryChangeTable.NAME, 3, TARGET, ProgressReporter.none())
          .filesRemoved());

      // silver after a bronze compaction: reads only the new append, never the rewritten rows again
      SilverResult nothing = silver.process(0, ProgressReporter.none());
      assertEquals(0, nothing.bronzeRecordsRead());
      String t = UUID.randomUUID().toString();
      f.send(0, t, message(t, 1, 1, "2026-11-25T11:00:00Z", new int[][] {{100009, -1}}, null, null));
      f.bronze();
      SilverResult after = silver.process(0, ProgressReporter.none());
      assertEquals(1, after.bronzeRecordsRead());
      assertEquals(7, f.rows(InventoryChangeTable.NAME).size());

      // silver compaction: 4 small files in one (day, bucket) partition → 1, rows identical
      changeBefore = sorted(f.rows(InventoryChangeTable.NAME));
      Table change = f.table(InventoryChangeTable.NAME);
      String processed = SilverState.processedBronze(change).orElseThrow().toString();
      MaintenanceResult c = compactor.compact(InventoryChangeTable.NAME, 2, TARGET, ProgressReporter.none());
      assertEquals(4, c.filesRemoved());
      assertEquals(1, c.filesAdded());
      assertEquals(changeBefore, sorted(f.rows(InventoryChangeTable.NAME)));
      change = f.table(InventoryChangeTable.NAME);
      assertEquals("replace", change.currentSnapshot().operation());
      assertNull(change.currentSnapshot().summary().get(SilverState.BRONZE_SNAPSHOT));
      assertEquals(processed, SilverState.processedBronze(change).orElseThrow().toString());
      assertEquals(0, silver.process(0, ProgressReporter.none()).bronzeRecordsRead());

      // expiry keeps what the pipeline still reads; offsets and rows unchanged
      SnapshotExpirer expirer = new SnapshotExpirer(f.resources);
      List<Object> progress = new ArrayList<>();
      MaintenanceResult e = expirer.expire(RawInventoryChangeTable.NAME, 0, 1,
          ProgressReporter.to(progress::add, Duration.ZERO));
      assertTrue(e.snapshotsExpired() > 0, "expired " + e.snapshotsExpired());
      // the activity heartbeats per deleted file (the compacted-away data files, old manifests and manifest
      // lists) and around the commit
      assertFalse(progress.isEmpty(), "the expiry reported no progress");
      String last = String.valueOf(progress.get(progress.size() - 1));
      Matcher deleted = Pattern.compile(": (\\d+) files deleted$").matcher(last);
      assertTrue(deleted.find(), progress.toString());
      int files = Integer.parseInt(deleted.group(1));
      assertTrue(files >= 6, "the 6 compacted-away bronze files at least: " + progress);
      assertEquals(files + 2, progress.size(), progress.toString());
      raw = f.table(RawInventoryChangeTable.NAME);
      assertEquals(offsets.get(1), BronzeOffsets.committed(raw, f.topic).get(1));
      assertEquals(4L, BronzeOffsets.committed(raw, f.topic).get(0));
      assertEquals(7, f.rows(RawInventoryChangeTable.NAME).size());
      MaintenanceResult e2 = expirer.expire(InventoryChangeTable.NAME, 0, 1, ProgressReporter.none());
      assertTrue(e2.snapshotsExpired() > 0);
      assertEquals(7, f.rows(InventoryChangeTable.NAME).size());
      // the pipeline goes on after expiry
      String t2 = UUID.randomUUID().toString();
      f.send(1, t2, message(t2, 1, 1, "2026-11-25T12:00:00Z", new int[][] {{100010, -1}}, null, null));
      f.bronze();
      assertEquals(1, silver.process(0, ProgressReporter.none()).changeRows());
      assertEquals(8, f.rows(InventoryChangeTable.NAME).size());
      assertEquals(8, f.rows(RawInventoryChangeTable.NAME).size());
    }
  }
}
