package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.tables.InventoryChangeTable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * The rare second pass of the commit step: the groups' change files that hold rows of losing occurrences
 * ({@link BatchDuplicates}) are copied without those rows, under the plan's prefix; the other files are committed
 * as written. A file is affected only if a loser lies within its (source_partition, source_offset) bounds.
 */
final class ChangeRewrite {
  /** The files to commit, and the rows left out. */
  record Result(List<DataFile> files, long droppedRows, int rewritten) {}

  private ChangeRewrite() {}

  static Result apply(Table change, SilverPlan plan, List<DataFile> files, BatchDuplicates losers, String attempt,
      ProgressReporter progress) {
    if (losers.count() == 0) return new Result(files, 0, 0);
    int partitionId = change.schema().findField(InventoryChangeTable.SOURCE_PARTITION).fieldId();
    int offsetId = change.schema().findField(InventoryChangeTable.SOURCE_OFFSET).fieldId();
    List<DataFile> kept = new ArrayList<>();
    List<DataFile> affected = new ArrayList<>();
    for (DataFile f : files) {
      if (mayHoldLoser(f, partitionId, offsetId, losers)) affected.add(f);
      else kept.add(f);
    }
    if (affected.isEmpty()) return new Result(files, 0, 0);
    // keyless producers spread re-deliveries over partitions, so most files can hold a loser: the rewrite then
    // copies most of the batch, on every core (each thread writes its own files)
    int threads = Math.min(affected.size(), Math.max(1, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "silver-rewrite");
      t.setDaemon(true);
      return t;
    });
    AtomicLong dropped = new AtomicLong();
    AtomicLong read = new AtomicLong();
    try {
      List<Future<List<DataFile>>> parts = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        List<DataFile> share = new ArrayList<>();
        for (int j = i; j < affected.size(); j += threads) share.add(affected.get(j));
        String name = "commit-" + attempt + "-" + i;
        parts.add(pool.submit(() -> rewrite(change, plan, share, losers, name, dropped, read)));
      }
      for (Future<List<DataFile>> part : parts) kept.addAll(await(part, read, progress));
    } finally {
      pool.shutdownNow();
    }
    return new Result(kept, dropped.get(), affected.size());
  }

  /** Copies {@code share} without the losers' rows into new files named {@code name}; returns them. */
  private static List<DataFile> rewrite(Table change, SilverPlan plan, List<DataFile> share, BatchDuplicates losers,
      String name, AtomicLong dropped, AtomicLong read) {
    try (ChangeFiles out = new ChangeFiles(change, SilverStaging.planPrefix(change, plan.planId()), name, 0)) {
      ChangeRowBuffer row = out.buffer();
      for (DataFile f : share) {
        ChangeFileRows.forEach(change, f, row, () -> {
          read.incrementAndGet();
          if (losers.loses(Positions.of(row.sourcePartition, row.sourceOffset))) {
            dropped.incrementAndGet();
          } else {
            out.writeRow();
          }
        });
      }
      return out.complete();
    }
  }

  /**
   * The part's files. Heartbeats from the activity's thread, and only while rows are being read, so that a hung
   * read is still caught by the heartbeat timeout.
   */
  private static List<DataFile> await(Future<List<DataFile>> part, AtomicLong read, ProgressReporter progress) {
    long seen = read.get();
    while (true) {
      try {
        return part.get(1, TimeUnit.SECONDS);
      } catch (TimeoutException stillRunning) {
        long now = read.get();
        if (now > seen) progress.progress(() -> "silver commit: rewriting files with duplicates, " + now + " rows read");
        seen = now;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) throw r;
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  private static boolean mayHoldLoser(DataFile f, int partitionId, int offsetId, BatchDuplicates losers) {
    Map<Integer, ByteBuffer> lower = f.lowerBounds();
    Map<Integer, ByteBuffer> upper = f.upperBounds();
    if (lower == null || upper == null || lower.get(partitionId) == null || lower.get(offsetId) == null
        || upper.get(partitionId) == null || upper.get(offsetId) == null) {
      return true;
    }
    // every row's position lies between these two: positions order like (partition, offset)
    long from = Positions.of(Conversions.<Integer>fromByteBuffer(Types.IntegerType.get(), lower.get(partitionId)),
        Conversions.<Long>fromByteBuffer(Types.LongType.get(), lower.get(offsetId)));
    long to = Positions.of(Conversions.<Integer>fromByteBuffer(Types.IntegerType.get(), upper.get(partitionId)),
        Conversions.<Long>fromByteBuffer(Types.LongType.get(), upper.get(offsetId)));
    return losers.anyWithin(from, to);
  }
}
