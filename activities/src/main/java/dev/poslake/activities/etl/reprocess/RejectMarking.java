package dev.poslake.activities.etl.reprocess;

import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.etl.io.DataFileRecords;
import dev.poslake.activities.etl.io.UtcTimes;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marking step: sets reprocessed_at and reprocess_id on the reject rows the reprocess's silver commit settled
 * (its {@link DecisionFile}); rows are never deleted. Copy-on-write: each data file holding such a row is replaced by
 * a copy with the marks, in ONE overwrite carrying the reprocess id, so a retry after it does nothing. The commit
 * fails if a replaced file went away meanwhile (a compaction, another marking): then it reads the files again.
 */
final class RejectMarking {
  private static final Logger LOG = LoggerFactory.getLogger(RejectMarking.class);
  private static final int ATTEMPTS = 10;

  private final ReprocessTables tables;

  RejectMarking(ReprocessTables tables) {
    this.tables = tables;
  }

  /** The reject rows marked (by this call or an earlier attempt). */
  long run(String reprocessId, ProgressReporter progress) {
    Table change = tables.change();
    Snapshot silver = ReprocessSummary.commitOf(change, reprocessId).orElseThrow(() -> new IllegalStateException(
        "reprocess " + reprocessId + " has no inventory_change commit: nothing to mark"));
    Set<RejectId> settled = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Table rejected = tables.rejected();
      Optional<Snapshot> done = ReprocessSummary.commitOf(rejected, reprocessId);
      if (done.isPresent()) return Long.parseLong(done.get().summary().getOrDefault(ReprocessSummary.MARKED, "0"));
      if (settled == null) settled = DecisionFile.read(change.io(), silver.summary().get(ReprocessSummary.DECISIONS));
      Optional<Long> marked = tryOnce(rejected, reprocessId, settled, progress);
      if (marked.isPresent()) return marked.get();
      LOG.info("reprocess {}: rejected_inventory_change files changed during marking attempt {}; again",
          reprocessId, attempt);
    }
    throw new IllegalStateException("reprocess " + reprocessId + ": could not mark the rejects after " + ATTEMPTS
        + " attempts; retry");
  }

  private static Optional<Long> tryOnce(Table rejected, String reprocessId, Set<RejectId> settled,
      ProgressReporter progress) {
    Snapshot base = rejected.currentSnapshot();
    if (base == null || settled.isEmpty()) return Optional.of(0L);
    long minAt = Long.MAX_VALUE;
    long maxAt = Long.MIN_VALUE;
    for (RejectId id : settled) {
      minAt = Math.min(minAt, id.rejectedAtMicros());
      maxAt = Math.max(maxAt, id.rejectedAtMicros());
    }
    OffsetDateTime now = UtcTimes.of(Instant.now());
    OverwriteFiles overwrite = rejected.newOverwrite();
    long marked = 0;
    List<DataFile> written = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = rejected.newScan().useSnapshot(base.snapshotId())
        .filter(Expressions.and(Expressions.isNull(RejectedInventoryChangeTable.REPROCESS_ID),
            Expressions.and(Expressions.greaterThanOrEqual(RejectedInventoryChangeTable.REJECTED_AT, minAt),
                Expressions.lessThanOrEqual(RejectedInventoryChangeTable.REJECTED_AT, maxAt))))
        .planFiles()) {
      for (FileScanTask t : tasks) {
        if (!t.deletes().isEmpty()) {
          throw new IllegalStateException("rejected_inventory_change file with deletes: " + t.file().location());
        }
        List<Record> rows = new ArrayList<>();
        long[] hits = {0};
        DataFileRecords.forEach(rejected, t.file(), rejected.schema(), r -> {
          Record copy = r.copy();
          if (copy.getField(RejectedInventoryChangeTable.REPROCESS_ID) == null
              && settled.contains(RejectSelection.id(copy))) {
            copy.setField(RejectedInventoryChangeTable.REPROCESSED_AT, now);
            copy.setField(RejectedInventoryChangeTable.REPROCESS_ID, reprocessId);
            hits[0]++;
          }
          rows.add(copy);
        });
        if (hits[0] == 0) continue;
        try (RecordAppender out = RecordAppender.clustered(rejected)) {
          out.writeAll(rows);
          List<DataFile> copies = out.complete().dataFiles();
          written.addAll(copies);
          overwrite.deleteFile(t.file());
          copies.forEach(overwrite::addFile);
        }
        marked += hits[0];
        long m = marked;
        progress.progress(() -> "reprocess: " + m + " rejects marked");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (marked == 0) return Optional.of(0L); // marked by another reprocess meanwhile: nothing of ours to mark
    overwrite.validateFromSnapshot(base.snapshotId()).validateNoConflictingDeletes()
        .set(ReprocessSummary.ID, reprocessId).set(ReprocessSummary.MARKED, Long.toString(marked));
    try {
      overwrite.commit();
    } catch (ValidationException changed) {
      written.forEach(f -> deleteQuietly(rejected, f));
      return Optional.empty();
    }
    LOG.info("reprocess {}: {} reject rows marked reprocessed", reprocessId, marked);
    return Optional.of(marked);
  }

  private static void deleteQuietly(Table table, DataFile f) {
    try {
      table.io().deleteFile(f.location());
    } catch (RuntimeException ignored) {
      // an unreferenced copy: harmless if it stays
    }
  }
}
