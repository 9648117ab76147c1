package dev.poslake.activities.etl.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.activities.contracts.RecountCsv;
import dev.poslake.activities.contracts.RecountFileKey;
import dev.poslake.activities.etl.EtlFixture;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Snapshot ingest throughput, the way the fanned-out workflow runs it (plan, file groups on parallel threads),
 * on 100,000-row recount files: prints CSV rows per second of the ingest and of the latest-snapshot upsert.
 * Tagged {@code bench}: the default test run leaves it out; run it with
 * {@code -Dtest=SnapshotIngestBench -Dpos.test.excludedGroups= -Dpos.test.groups=bench}.
 */
@Tag("bench")
@ExtendWith(PosStackExtension.class)
class SnapshotIngestBench {
  static final int FILES = Integer.getInteger("bench.files", 24);
  static final int ROWS_PER_FILE = 100_000;
  static final int STORES = 8;

  @Test
  void ingestRowsPerSecond(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      ReferenceTables.of(f.res).ensureUploaded(STORES);
      Random rnd = new Random(1);
      Instant t0 = Instant.parse("2026-11-20T08:00:00Z");
      for (int i = 0; i < FILES; i++) {
        int store = 1 + i % STORES;
        Instant t = t0.plusSeconds(3600L * (i / STORES));
        f.res.objectStore().put(RecountFileKey.of(store, t), csv(store, t, rnd));
      }
      long w0 = System.nanoTime();
      RecountPlan plan = new SnapshotIngest(f.res, w -> { }).plan(RecountPlanner.MAX_FILES_PER_RUN,
          RecountPlanner.DEFAULT_PARALLELISM);
      List<RecountGroupResult> groups = FanOutRun.inParallel(plan.groups().size(),
          i -> new SnapshotIngest(f.res, w -> { }).ingest(plan.groups().get(i)));
      double ingestSeconds = (System.nanoTime() - w0) / 1e9;
      long w1 = System.nanoTime();
      long changed = FanOutRun.latest(f, RecountPlanner.DEFAULT_PARALLELISM);
      double latestSeconds = (System.nanoTime() - w1) / 1e9;

      long rows = groups.stream().mapToLong(RecountGroupResult::rows).sum();
      long rejected = groups.stream().mapToLong(RecountGroupResult::rejected).sum();
      long cpuNanos = groups.stream().mapToLong(RecountGroupResult::cpuNanos).sum();
      assertEquals((long) FILES * ROWS_PER_FILE, rows, "every row ingested");
      assertEquals(0, rejected);
      assertEquals(rows, dev.poslake.catalog.io.TableReader.of(f.table(InventorySnapshotTable.NAME))
          .select(InventorySnapshotTable.STORE_ID).count(), "inventory_snapshot holds every row once");
      System.out.printf("snapshot ingest bench: %d files, %,d rows, %d groups, %d cores, load %.1f%n"
          + "  ingest: %.2f s wall, %,.0f rows/s; %.2f s CPU, %,.0f rows per CPU second, %.0f ms CPU per file%n"
          + "  latest: %.2f s wall, %,.0f rows/s (%,d pairs changed)%n",
          FILES, rows, plan.groups().size(), Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          ingestSeconds, rows / ingestSeconds, cpuNanos / 1e9, rows / (cpuNanos / 1e9), cpuNanos / 1e6 / FILES,
          latestSeconds, rows / latestSeconds, changed);
    }
  }

  /** One store's recount of 100,000 distinct items, as the generator writes it. */
  private static byte[] csv(int store, Instant t, Random rnd) {
    StringBuilder b = new StringBuilder(RecountCsv.HEADER).append('\n');
    String time = EtlFixture.csvTime(t);
    for (int i = 0; i < ROWS_PER_FILE; i++) {
      b.append(100001 + i).append(",1234,").append(store).append(',').append(time).append(',')
          .append(rnd.nextInt(200)).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
