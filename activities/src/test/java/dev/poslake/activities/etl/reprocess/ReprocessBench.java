package dev.poslake.activities.etl.reprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.io.UtcTimes;
import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.catalog.io.Commits;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cost of a reprocess: {@code bench.rejects} (default 50,000) unknown_item rejects over 5 days, their item then
 * added; prints the dry run's and the reprocess's wall time. The rejects are written straight into the quarantine
 * (Kafka, bronze and silver are not what is measured). Tagged {@code bench}: run it with
 * {@code -Dtest=ReprocessBench -Dpos.test.excludedGroups= -Dpos.test.groups=bench}.
 */
@Tag("bench")
@ExtendWith(PosStackExtension.class)
class ReprocessBench {
  static final int REJECTS = Integer.getInteger("bench.rejects", 50_000);

  @Test
  void reprocessCost(PosConfig config) throws Exception {
    int item = ReprocessRejectsTest.nextItem();
    try (EtlFixture f = EtlFixture.create(config, true)) {
      Table rejected = f.table(RejectedInventoryChangeTable.NAME);
      Instant day0 = Instant.parse("2026-11-20T08:00:00Z");
      try (RecordAppender out = RecordAppender.forTable(rejected)) {
        for (int i = 0; i < REJECTS; i++) {
          String id = UUID.randomUUID().toString();
          String t = day0.plusSeconds(86_400L * (i % 5) + i % 36_000).toString();
          String msg = EtlFixture.message(id, 1, 1, t, new int[][] {{100001 + i % 1000, -1}, {item, -2}}, null, null);
          GenericRecord r = GenericRecord.create(rejected.schema());
          r.setField(RejectedInventoryChangeTable.TOPIC, f.topic);
          r.setField(RejectedInventoryChangeTable.SOURCE_PARTITION, i % 8);
          r.setField(RejectedInventoryChangeTable.SOURCE_OFFSET, (long) (i / 8));
          r.setField(RejectedInventoryChangeTable.RAW_VALUE, ByteBuffer.wrap(msg.getBytes(StandardCharsets.UTF_8)));
          r.setField(RejectedInventoryChangeTable.REASON, "unknown_item");
          r.setField(RejectedInventoryChangeTable.DETAIL, "item " + item);
          r.setField(RejectedInventoryChangeTable.REJECTED_AT, UtcTimes.of(day0.plusSeconds(i % 3)));
          out.write(r);
        }
        Commits.append(rejected, out.complete().dataFiles(), Map.of());
      }
      ReprocessRejectsTest.addItem(f, item);
      RejectReprocessor reprocessor = new RejectReprocessor(f.resources);
      reprocessor.preview(ReprocessRequest.all().asDryRun(), ProgressReporter.none()); // warm: reference data, JIT

      long t0 = System.nanoTime();
      ReprocessResult dry = reprocessor.preview(ReprocessRequest.all().asDryRun(), ProgressReporter.none());
      long t1 = System.nanoTime();
      ReprocessResult r = reprocessor.run(ReprocessRequest.all(), UUID.randomUUID().toString(),
          ProgressReporter.none());
      long t2 = System.nanoTime();
      assertEquals(REJECTS, dry.passed());
      assertEquals(REJECTS, r.rejectsMarked());
      assertEquals(2L * REJECTS, r.rowsAdded());
      assertEquals(2L * REJECTS, dev.poslake.catalog.io.TableReader.of(f.table(InventoryChangeTable.NAME)).count());
      System.out.printf("BENCH reprocess: %d rejects; dry run %.1f s; reprocess (silver + marking) %.1f s%n",
          REJECTS, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }
  }
}
