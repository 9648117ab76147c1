package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.contracts.RecountFileKey;
import dev.poslake.activities.etl.EtlFixture;
import dev.poslake.activities.etl.domain.SnapshotCsvParser;
import dev.poslake.activities.etl.domain.SnapshotRejection;
import dev.poslake.activities.etl.domain.Validation;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Temporary CPU probe (not committed). */
@ExtendWith(PosStackExtension.class)
class IngestCpuProbe {
  private static org.apache.iceberg.StructLike cached;
  private static org.apache.iceberg.StructLike unpart(org.apache.iceberg.PartitionKey key, org.apache.iceberg.Table t, RecountRow row) {
    if (cached == null) {
      key.set(0, (int) Math.floorDiv(row.dateTimeMicros, 86_400_000_000L));
      cached = key.copy();
    }
    return cached;
  }

  @Test
  void probe(PosConfig config) throws Exception {
    var threads = ManagementFactory.getThreadMXBean();
    try (EtlFixture f = new EtlFixture(config)) {
      ReferenceTables.of(f.res).ensureUploaded(10);
      StringBuilder b = new StringBuilder("item_id,employee_id,store_id,date_time,quantity\n");
      java.util.Random rnd = new java.util.Random(1);
      Instant t = Instant.parse("2026-11-20T08:00:00Z");
      for (int i = 0; i < 100_000; i++) b.append(100001 + i).append(",1234,1,2026-11-20 08:00:00,").append(rnd.nextInt(200)).append('\n');
      byte[] csv = b.toString().getBytes();
      Validation v = Validation.of(ReferenceTables.of(f.res).readReferenceData());
      SnapshotCsvParser p = new SnapshotCsvParser(v);
      String D = org.apache.iceberg.TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX;
      String S = org.apache.iceberg.TableProperties.PARQUET_COLUMN_STATS_ENABLED_PREFIX;
      List<java.util.Map<String, String>> variants = List.of(
          java.util.Map.of(D + "item_id", "false", D + "source_line", "false"),
          java.util.Map.of(D + "item_id", "false", D + "source_line", "false", D + "source_file", "false", S + "source_file", "false"),
          java.util.Map.of(D + "item_id", "false", D + "source_line", "false", S + "source_file", "false"),
          java.util.Map.of(D + "item_id", "false", D + "source_line", "false", D + "source_file", "false", S + "source_file", "false",
              D + "employee_id", "false", D + "store_id", "false", D + "date_time", "false", D + "quantity", "false"));
      long[][] cpu = new long[variants.size()][2];
      var table = f.table("inventory_snapshot");
      var key = new org.apache.iceberg.PartitionKey(table.spec(), table.schema());
      for (int round = 0; round < 0; round++) {
        int vi = round % variants.size();
        RecountRow row = new RecountRow().sourceFile(RecountFileKey.of(1, t));
        long c1 = threads.getCurrentThreadCpuTime();
        try (dev.poslake.activities.etl.io.ParquetRowAppender<RecountRow> out =
            new dev.poslake.activities.etl.io.ParquetRowAppender<>(table, RecountRowParquet::new, variants.get(vi))) {
          p.parse("k", new ByteArrayInputStream(csv), new SnapshotCsvParser.Sink() {
            public void row(long l, int i, int e, int s, long m, int q) {
              row.itemId = i; row.employeeId = e; row.storeId = s; row.dateTimeMicros = m; row.quantity = q; row.sourceLine = l;
              out.write(unpart(key, table, row), row);
            }
            public void rejected(SnapshotRejection r) { }
          });
          var res = out.complete();
          long c3 = threads.getCurrentThreadCpuTime();
          if (round >= 8) { cpu[vi][0] += c3 - c1; cpu[vi][1] += res.bytesWritten(); }
          out.abort();
        }
      }
      for (int vv = 0; vv < variants.size(); vv++) System.out.printf("variant %d: %d ms per 100k rows, %d bytes%n", vv, cpu[vv][0] / 8 / 1_000_000, cpu[vv][1] / 8);
      for (int i = 0; i < 30; i++) f.res.objectStore().put(RecountFileKey.of(1, t.plusSeconds(i)), csv.clone());
      RecountPlan plan = new SnapshotIngest(f.res, w -> { }).plan(100, 3);
      jdk.jfr.Recording rec = null;
      for (RecountFileGroup g : plan.groups()) {
        if (g.index() == 1) {
          rec = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
          rec.setDestination(java.nio.file.Path.of("/tmp/probe-group.jfr"));
          rec.start();
        }
        long c0 = threads.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        RecountGroupResult r = new SnapshotIngest(f.res, w -> { }).ingest(g);
        System.out.printf("group of %d files, %d rows: cpu %d ms (reported %d), wall %d ms%n", g.files().size(),
            r.rows(), (threads.getCurrentThreadCpuTime() - c0) / 1_000_000, r.cpuNanos() / 1_000_000, (System.nanoTime() - w0) / 1_000_000);
      }
      rec.stop();
      rec.close();
      rec = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
      rec.setDestination(java.nio.file.Path.of("/tmp/probe-latest.jfr"));
      rec.start();
      long c4 = threads.getCurrentThreadCpuTime();
      LatestUpsertPlan lp = new SnapshotIngest(f.res, w -> { }).planLatest(1);
      LatestStoresResult lr = new SnapshotIngest(f.res, w -> { }).upsertLatest(lp, lp.storeBuckets().get(0));
      rec.stop();
      rec.close();
      System.out.printf("latest: %d pairs, read %d, cpu %d ms%n", lr.changedPairs(), lr.rowsRead(), (threads.getCurrentThreadCpuTime() - c4) / 1_000_000);
    }
  }
}
