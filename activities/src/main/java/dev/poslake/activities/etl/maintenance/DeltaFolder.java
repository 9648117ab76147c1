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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  /**
   * Which files a fold keeps, which it folds into one, and which it rewrites alone (a large file of a partition of
   * several stores with too many rows deleted: its store keeps a file of its own), with the deleted positions of all.
   */
  record Plan(DeleteFolder.Partition partition, List<DataFile> kept, List<DataFile> folded,
      List<DataFile> rewritten, Map<String, long[]> deleted) {
    /** The data files the fold replaces. */
    List<DataFile> replaced() {
      List<DataFile> out = new ArrayList<>(folded);
      out.addAll(rewritten);
      return out;
    }
  }

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
    List<DataFile> rewritten = new ArrayList<>();
    for (DataFile f : p.data.values()) {
      long gone = deleted.getOrDefault(f.location(), NONE).length;
      boolean large = f.recordCount() >= minKeptRows;
      if (large && gone * DELETED_SHARE <= f.recordCount()) {
        kept.add(f);
      } else if (large && !p.byIdentity() && Compactor.soleValue(table, f) != null) {
        rewritten.add(f); // folded with the small files, its store's rows would land in a file of many stores
      } else {
        folded.add(f);
      }
    }
    if (kept.isEmpty() && p.byIdentity()) return null;
    return new Plan(p, kept, folded, rewritten, deleted);
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
    return !plan.rewritten().isEmpty() || plan.folded().size() + plan.partition().deletes.size() > 2;
  }

  /**
   * Writes the new files (not committed: the caller's rewrite replaces the folded data files and all delete files
   * with them); {@code started} receives each writer first, so that the caller can abort it; {@code cache} gives the
   * folded files' rows it keeps and is told what was written.
   */
  static Result fold(Table table, Plan plan, long targetFileBytes, Consumer<Runnable> started,
      FoldCache cache) {
    // a rewritten file's value (gold: its store) is rewritten whole: its rows in the folded files go with it
    Map<String, List<Record>> alone = new LinkedHashMap<>();
    Map<String, List<DataFile>> aloneFiles = new LinkedHashMap<>();
    for (DataFile f : plan.rewritten()) {
      String value = Compactor.soleValue(table, f);
      alone.computeIfAbsent(value, v -> new ArrayList<>());
      aloneFiles.computeIfAbsent(value, v -> new ArrayList<>()).add(f);
    }
    String column = alone.isEmpty() ? null
        : table.schema().findColumnName(table.sortOrder().fields().get(0).sourceId());
    List<Record> rows = new ArrayList<>();
    List<Record> read = new ArrayList<>();
    for (DataFile f : plan.folded()) {
      read.clear();
      addLiveRows(table, plan, f, cache, read);
      for (Record r : read) {
        List<Record> its = column == null ? null : alone.get(Objects.toString(r.getField(column)));
        (its != null ? its : rows).add(r);
      }
    }
    List<DataFile> data = writeSorted(table, rows, targetFileBytes, started);
    List<DataFile> rewrittenData = new ArrayList<>();
    long rewrittenRows = 0;
    for (Map.Entry<String, List<Record>> e : alone.entrySet()) { // one value at a time: memory holds its rows
      List<Record> its = e.getValue();
      for (DataFile f : aloneFiles.get(e.getKey())) addLiveRows(table, plan, f, cache, its);
      rewrittenData.addAll(writeSorted(table, its, targetFileBytes, started));
      rewrittenRows += its.size();
      e.setValue(List.of());
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
    List<DataFile> allData = new ArrayList<>(data);
    allData.addAll(rewrittenData);
    return new Result(allData, deletes, rows.size() + rewrittenRows, positions);
  }

  /** Adds the file's rows whose positions the plan's delete files do not delete. */
  private static void addLiveRows(Table table, Plan plan, DataFile f, FoldCache cache, List<Record> into) {
    long[] gone = plan.deleted().getOrDefault(f.location(), NONE);
    long[] pos = {0};
    List<Record> kept = cache.rows(table, f);
    if (kept != null && kept.size() == f.recordCount()) { // position i is row i
      for (Record r : kept) if (Arrays.binarySearch(gone, pos[0]++) < 0) into.add(r.copy());
      return;
    }
    DataFileRecords.forEach(table, f, table.schema(), r -> {
      if (Arrays.binarySearch(gone, pos[0]++) < 0) into.add(r.copy());
    });
  }

  /** Writes the rows, sorted by the table's order, to new data files (none for no rows). */
  private static List<DataFile> writeSorted(Table table, List<Record> rows, long targetFileBytes,
      Consumer<Runnable> started) {
    if (rows.isEmpty()) return List.of();
    RecordAppender out = RecordAppender.forTable(table, targetFileBytes);
    started.accept(out::abort);
    DeleteFolder.sortAndWrite(table, rows, out);
    RecordAppender.Result written = out.complete();
    if (written.recordCount() != rows.size()) {
      throw new IllegalStateException("fold of " + table.name() + " wrote " + written.recordCount() + " of "
          + rows.size() + " live rows");
    }
    return written.dataFiles();
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
