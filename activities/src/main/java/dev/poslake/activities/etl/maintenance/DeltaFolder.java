package dev.poslake.activities.etl.maintenance;

import dev.poslake.activities.etl.io.DataFileRecords;
import dev.poslake.activities.etl.io.PositionDeleteFiles;
import dev.poslake.catalog.io.PositionDeleteAppender;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.SmallFileWrites;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/**
 * Compaction of a partition with deletes that keeps its large data files. After merges-on-read a gold store holds
 * one large file (the store as loaded or last rewritten), plus a small data file and a position-delete file per
 * merge. Rewriting the store whole ({@link DeleteFolder}) reads and writes every row to fold a few dozen: at 1,000
 * stores × 100,000 items, the compaction that followed every eighth run touching all stores took 293 s in one
 * activity. Here the small files' live rows go into one new data file, and the positions the delete files remove
 * from the kept files into one new delete file; the kept files are not read.
 *
 * <p>A data file is kept when it holds at least {@link #MIN_KEPT_ROWS} rows of which at most
 * 1/{@link #DELETED_SHARE} are deleted (beyond that, readers skip too many of its rows: it is rewritten). A
 * partition with deletes other than position-delete files, or of one store without such a file, is left to
 * {@link DeleteFolder}; a partition of several stores (gold's bucket) without one has all its files folded.
 */
final class DeltaFolder {
  static final long MIN_KEPT_ROWS = 10_000;
  static final int DELETED_SHARE = 10;
  /**
   * Partitions folded at once. A fold is a few small reads and two small writes: one after the other, 999 stores
   * took 24.9 s on the embedded stack, and on S3 each of a store's ~16 requests waits tens of milliseconds.
   */
  static final int PARALLEL_FOLDS = 4;
  private static final long[] NONE = new long[0];

  /** Which files a fold keeps and which it rewrites, with the deleted positions of all of them. */
  record Plan(DeleteFolder.Partition partition, List<DataFile> kept, List<DataFile> folded,
      Map<String, long[]> deleted) {}

  /** What a fold wrote: the live rows of the folded files and the kept files' deleted positions. */
  record Result(List<DataFile> data, List<DeleteFile> deletes, long rows, long positions) {}

  /** A partition's outcome: its plan (null: to be rewritten whole) and what its fold wrote (null: not folded). */
  record Outcome(DeleteFolder.Partition partition, Plan plan, Result result) {}

  private DeltaFolder() {}

  /**
   * The plan for the partition, or null when it is rewritten whole instead; {@link Plan#folded()} and the delete
   * files may be too few to be worth a fold (see {@link #worthFolding}).
   */
  static Plan plan(Table table, DeleteFolder.Partition p, long minKeptRows, FoldCache cache) {
    for (DeleteFile d : p.deletes.values()) {
      boolean readable = d.content() == FileContent.POSITION_DELETES && d.format() != FileFormat.PUFFIN;
      if (!readable) return null;
    }
    Map<String, long[]> deleted = deletedPositions(table, p.deletes.values(), p.data.keySet(), cache);
    List<DataFile> kept = new ArrayList<>();
    List<DataFile> folded = new ArrayList<>();
    for (DataFile f : p.data.values()) {
      long gone = deleted.getOrDefault(f.location(), NONE).length;
      boolean keep = f.recordCount() >= minKeptRows && gone * DELETED_SHARE <= f.recordCount();
      (keep ? kept : folded).add(f);
    }
    if (kept.isEmpty() && p.byIdentity()) return null;
    return new Plan(p, kept, folded, deleted);
  }

  /**
   * Plans and folds the partitions, {@value #PARALLEL_FOLDS} at once; the outcomes come in the partitions' order.
   * {@code started} receives each writer first (from any thread), so that the caller can abort it; when a fold
   * fails, the others are stopped and waited for before the failure is thrown, so no writer starts after it.
   * {@code progress} runs on the calling thread after each partition (an activity heartbeats from its own thread).
   */
  static List<Outcome> foldAll(Table table, Collection<DeleteFolder.Partition> partitions, long minKeptRows,
      long targetFileBytes, Consumer<Runnable> started, FoldCache cache, Runnable progress) {
    if (partitions.isEmpty()) return List.of();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_FOLDS, r -> {
      Thread t = new Thread(r, "compaction-fold");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Outcome>> running = new ArrayList<>();
      for (DeleteFolder.Partition p : partitions) {
        running.add(pool.submit(() -> {
          Plan plan = plan(table, p, minKeptRows, cache);
          Result result = plan != null && worthFolding(plan)
              ? fold(table, plan, targetFileBytes, started, cache) : null;
          return new Outcome(p, plan, result);
        }));
      }
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> f : running) {
        out.add(f.get());
        progress.run();
      }
      return out;
    } catch (ExecutionException e) {
      stop(pool);
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      stop(pool);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("compaction of " + table.name() + " interrupted", e);
    } catch (RuntimeException | Error e) { // the heartbeat: the activity was cancelled
      stop(pool);
      throw e;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("compaction folds did not stop within a minute");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A fold writes at most one data and one delete file: it must replace more than that. */
  static boolean worthFolding(Plan plan) {
    return plan.folded().size() + plan.partition().deletes.size() > 2;
  }

  /**
   * Writes the new files (not committed: the caller's rewrite replaces the folded data files and all delete files
   * with them); {@code started} receives each writer first, so that the caller can abort it; {@code cache} gives the
   * folded files' rows it keeps and is told what was written.
   */
  static Result fold(Table table, Plan plan, long targetFileBytes, Consumer<Runnable> started,
      FoldCache cache) {
    List<Record> rows = new ArrayList<>();
    for (DataFile f : plan.folded()) {
      long[] gone = plan.deleted().getOrDefault(f.location(), NONE);
      long[] pos = {0};
      List<Record> kept = cache.rows(table, f);
      if (kept != null && kept.size() == f.recordCount()) { // position i is row i
        for (Record r : kept) if (Arrays.binarySearch(gone, pos[0]++) < 0) rows.add(r.copy());
        continue;
      }
      DataFileRecords.forEach(table, f, table.schema(), r -> {
        if (Arrays.binarySearch(gone, pos[0]++) < 0) rows.add(r.copy());
      });
    }
    List<DataFile> data = List.of();
    if (!rows.isEmpty()) {
      RecordAppender out = RecordAppender.forTable(table, targetFileBytes);
      started.accept(out::abort);
      DeleteFolder.sortAndWrite(table, rows, out);
      RecordAppender.Result written = out.complete();
      if (written.recordCount() != rows.size()) {
        throw new IllegalStateException("fold of " + table.name() + " wrote " + written.recordCount() + " of "
            + rows.size() + " live rows");
      }
      data = written.dataFiles();
    }
    long positions = 0;
    List<DataFile> kept = new ArrayList<>(plan.kept());
    kept.sort(Comparator.comparing(DataFile::location)); // a delete file is sorted by path, then position
    PositionDeleteAppender out = new PositionDeleteAppender(table, SmallFileWrites.PROPERTIES);
    started.accept(out::abort);
    for (DataFile f : kept) {
      for (long pos : plan.deleted().getOrDefault(f.location(), NONE)) {
        out.delete(f.location(), pos, plan.partition().key);
        positions++;
      }
    }
    List<DeleteFile> deletes = out.complete().deleteFiles();
    long written = deletes.stream().mapToLong(DeleteFile::recordCount).sum();
    if (written != positions) {
      throw new IllegalStateException("fold of " + table.name() + " wrote " + written + " of " + positions
          + " deleted positions");
    }
    if (data.size() <= 1 && deletes.size() <= 1) { // rows sorted as written: the file's order when it is one file
      Map<String, long[]> byDataFile = new HashMap<>();
      for (DataFile f : kept) byDataFile.put(f.location(), plan.deleted().getOrDefault(f.location(), NONE));
      cache.folded(table, data.isEmpty() ? null : data.get(0), rows, deletes.isEmpty() ? null : deletes.get(0),
          byDataFile);
    }
    return new Result(data, deletes, rows.size(), positions);
  }

  /**
   * The positions the delete files remove, per data file: ascending, without repeats. A delete file whose positions
   * in the partition's data files the cache holds in full (as many as the file's rows) is not read.
   */
  private static Map<String, long[]> deletedPositions(Table table, Iterable<DeleteFile> deletes,
      Collection<String> dataFiles, FoldCache cache) {
    Map<String, List<Long>> read = new HashMap<>();
    for (DeleteFile d : deletes) {
      if (fromCache(d, dataFiles, cache, read)) continue;
      PositionDeleteFiles.read(table, d).forEach((path, positions) -> {
        List<Long> into = read.computeIfAbsent(path, k -> new ArrayList<>());
        for (long pos : positions) into.add(pos);
      });
    }
    Map<String, long[]> out = new HashMap<>();
    read.forEach((path, list) -> out.put(path, list.stream().mapToLong(Long::longValue).sorted().distinct().toArray()));
    return out;
  }

  /** Adds {@code d}'s positions from the cache to {@code read} if it holds all of them; false (nothing added) if not. */
  private static boolean fromCache(DeleteFile d, Collection<String> dataFiles, FoldCache cache,
      Map<String, List<Long>> read) {
    Map<String, long[]> found = new HashMap<>();
    long n = 0;
    for (String f : dataFiles) {
      long[] positions = cache.deleted(d.location(), f);
      if (positions == null) continue;
      found.put(f, positions);
      n += positions.length;
    }
    if (n != d.recordCount()) return false;
    found.forEach((f, positions) -> {
      List<Long> into = read.computeIfAbsent(f, k -> new ArrayList<>());
      for (long pos : positions) into.add(pos);
    });
    return true;
  }
}
