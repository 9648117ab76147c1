package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.domain.ParsedTransaction;
import dev.poslake.activities.etl.domain.PosMessageParser;
import dev.poslake.activities.etl.domain.Rejection;
import dev.poslake.activities.etl.domain.Validation;
import dev.poslake.activities.etl.io.UtcTimes;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.StateGuard;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bronze → silver for one batch of bronze snapshots: parse + validate every record with the domain parser,
 * explode valid parts to inventory_change rows, quarantine the rest in rejected_inventory_change, drop
 * duplicate (trans_id, store_id, part) keys.
 *
 * <p>Of duplicates in a batch, silver keeps the occurrence at the lowest position (Kafka partition, offset), so
 * a retry picks the same one whatever the file order. One streaming pass over the batch's bronze files, in
 * position order ({@link BronzeBatch#inPositionOrder(Table)}), never holding rows: it parses each record once, keeps
 * the de-dup key of each valid part with its first position and the touched (day, store) set, and writes the
 * first occurrence of each key and every reject. While positions arrive in increasing order, the first
 * occurrence met IS the lowest one. Then the keys already in inventory_change are looked up (pruned read, see
 * {@link ExistingKeys}). Only if positions came out of order (files the bronze step did not write: its own files
 * and its compaction keep the order) or the batch holds a key silver already has (a late re-delivery), the
 * speculative files are deleted and a second pass parses again
 * and writes each part only at its winning position, as decided from the complete key map.
 *
 * <p>inventory_change is append-only: rows are never deleted or rewritten (except by compaction, rows
 * unchanged). Two commits (rejects, then changes), each carrying the batch in {@link SilverState} keys and
 * applying only on the state the attempt read ({@link StateGuard}); a retry skips the table that already has
 * the batch.
 */
public final class SilverProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(SilverProcessor.class);
  private static final String PREFIX = "pos.silver.";

  private final PipelineResources resources;
  private final SilverCommitHook hook;

  public SilverProcessor(PipelineResources resources) {
    this(resources, SilverCommitHook.NONE);
  }

  public SilverProcessor(PipelineResources resources, SilverCommitHook hook) {
    this.resources = resources;
    this.hook = hook;
  }

  private Table load(String name) {
    return resources.catalog().loadTable(resources.table(name));
  }

  public SilverResult process(int maxBronzeSnapshots, ProgressReporter progress) {
    Table bronze = load(RawInventoryChangeTable.NAME);
    Table change = load(InventoryChangeTable.NAME);
    Table rejected = load(RejectedInventoryChangeTable.NAME);

    // the state this attempt decides from; its commits apply only if it is still the state then (StateGuard)
    StateGuard changeState = StateGuard.unchangedSince(change);
    StateGuard rejectedState = StateGuard.unchangedSince(rejected);
    Optional<Long> done = SilverState.processedBronze(change);
    Optional<Long> rejectedTo = SilverState.processedBronze(rejected);
    Long from = done.orElse(null);
    boolean rejectsCommitted = rejectedTo.isPresent() && !rejectedTo.equals(done);
    BronzeBatch batch;
    if (rejectsCommitted) {
      // an earlier attempt committed the rejects of a batch and died before inventory_change: same batch again
      Long rejectedFrom = SilverState.processedFrom(rejected).orElse(null);
      if (!Objects.equals(rejectedFrom, from)) {
        throw new IllegalStateException("silver state inconsistent: rejected_inventory_change covers bronze ("
            + rejectedFrom + ", " + rejectedTo.get() + "] but inventory_change ends at " + from);
      }
      batch = BronzeBatch.of(bronze, from, rejectedTo.get(), -1);
    } else {
      Optional<BronzeBatch> next = BronzeBatch.plan(bronze, from, maxBronzeSnapshots);
      if (next.isEmpty()) {
        return SilverResult.nothing(from == null ? 0 : from);
      }
      batch = next.get();
    }
    long t0 = System.nanoTime();
    PosMessageParser parser = new PosMessageParser(
        Validation.of(ReferenceTables.of(resources).readReferenceData()));
    BronzeScan scan = new BronzeScan(bronze, batch.inPositionOrder(bronze), parser);
    OffsetDateTime now = UtcTimes.of(Instant.now());

    long tRef = System.nanoTime();
    // ---- the pass: keys of valid parts, first position of each, touched partitions; and, while the positions
    // come in increasing order, the speculative output (the first occurrence met is then the lowest position)
    KeyPositions winners = new KeyPositions();
    Map<Long, Set<Integer>> storesByDay = new TreeMap<>();
    SilverWriter speculative = new SilverWriter(change, rejected, !rejectsCommitted, now);
    SilverWriter out = speculative;
    try {
      boolean[] inOrder = {true};
      long[] last = {-1};
      long read = scan.forEach((topic, partition, offset, value, parsed) -> {
        long pos = position(partition, offset);
        if (inOrder[0] && pos <= last[0]) {
          inOrder[0] = false; // files not written in position order: fall back to a second pass
          speculative.abort();
        }
        last[0] = pos;
        if (parsed instanceof ParsedTransaction t) {
          long first = winners.putMin(t.dedupKey(), pos);
          storesByDay.computeIfAbsent(Math.floorDiv(t.dateTime().getEpochSecond(), 86_400L),
              d -> new HashSet<>()).add(t.storeId());
          if (inOrder[0]) {
            if (first == KeyPositions.NEW) speculative.part(t, partition, offset);
            else speculative.duplicate();
          }
        } else if (inOrder[0]) {
          speculative.reject((Rejection) parsed, topic, partition, offset, value);
        }
      }, progress, "silver");
      long tPass1 = System.nanoTime();
      long validKeys = winners.size();
      long alreadyInSilver = ExistingKeys.markExisting(change, storesByDay, winners);
      long tExisting = System.nanoTime();

      boolean secondPass = !inOrder[0] || alreadyInSilver > 0;
      if (secondPass) {
        // ---- pass 2 (rare: out-of-order files or keys silver already has): write winners and rejects
        speculative.abort();
        out = new SilverWriter(change, rejected, !rejectsCommitted, now);
        SilverWriter w = out;
        scan.forEach((topic, partition, offset, value, parsed) -> {
          if (parsed instanceof ParsedTransaction t) {
            // a key silver already has is marked EXISTING, which matches no position
            if (winners.get(t.dedupKey()) == position(partition, offset)) w.part(t, partition, offset);
            else w.duplicate();
          } else {
            w.reject((Rejection) parsed, topic, partition, offset, value);
          }
        }, progress, "silver pass 2");
      }
      RecordAppender.Result changeFiles = out.changes.complete();
      long tPass2 = System.nanoTime();
      RecordAppender.Result rejectFiles = out.rejects.complete();

      Map<String, String> summary = new LinkedHashMap<>();
      summary.put(SilverState.BRONZE_SNAPSHOT, Long.toString(batch.to()));
      summary.put(SilverState.BRONZE_FROM_SNAPSHOT, from == null ? SilverState.NONE : Long.toString(from));
      summary.put(PREFIX + "bronze-records", Long.toString(read));
      summary.put(PREFIX + "change-rows", Long.toString(out.rows));
      summary.put(PREFIX + "duplicates", Long.toString(out.duplicates));
      summary.put(PREFIX + "rejected", Long.toString(out.rejected));

      int filesWritten = 0;
      if (!rejectsCommitted) {
        if (commit(rejected, rejectFiles, summary, batch.to(), rejectedState)) filesWritten += rejectFiles.fileCount();
        else out.rejects.abort();
      }
      hook.beforeChangeCommit();
      if (commit(change, changeFiles, summary, batch.to(), changeState)) filesWritten += changeFiles.fileCount();
      else out.changes.abort();

      long tCommit = System.nanoTime();
      LOG.info("silver: bronze ({}, {}] {} snapshots, {} records → {} rows ({} parts), {} duplicates "
          + "({} already in silver), {} rejected {}; {}; ms: reference {}, pass {}, existing keys {}, {} {}, "
          + "commits {}", from, batch.to(), batch.snapshots(), read, out.rows, out.parts, out.duplicates,
          alreadyInSilver, out.rejected, out.rejectsByReason,
          secondPass ? "two passes (" + (inOrder[0] ? "keys already in silver" : "positions out of order") + ")"
              : "one pass", ms(t0, tRef), ms(tRef, tPass1), ms(tPass1, tExisting),
          secondPass ? "pass 2" : "close files", ms(tExisting, tPass2), ms(tPass2, tCommit));
      assert out.parts + out.duplicates + out.rejected == read : "every record is written, a duplicate or rejected";
      assert out.parts == validKeys - alreadyInSilver;
      return new SilverResult(read, out.rows, out.parts, out.duplicates, out.rejectsByReason, out.rejected,
          filesWritten, from == null ? 0 : from, batch.to());
    } finally {
      speculative.close();
      out.close();
    }
  }

  /**
   * Commits unless the table already has this batch (then false: the caller deletes its files), and only on the
   * state this attempt read: if another attempt or run committed since, the commit fails validation; then the
   * table has the batch (false), or it moved elsewhere and this attempt fails, to be retried from the new state
   * (a stale attempt waking after the next run's commit must not append its rows again).
   */
  private static boolean commit(Table table, RecordAppender.Result files, Map<String, String> summary,
      long bronzeTo, StateGuard readState) {
    table.refresh();
    if (SilverState.processedBronze(table).orElse(-1L) == bronzeTo) return false;
    AppendFiles append = table.newAppend().validateWith(readState);
    files.dataFiles().forEach(append::appendFile);
    summary.forEach(append::set);
    try {
      append.commit();
      return true;
    } catch (ValidationException moved) {
      table.refresh();
      if (SilverState.processedBronze(table).orElse(-1L) == bronzeTo) return false;
      throw new IllegalStateException("silver state of " + table.name() + " changed while this attempt ran "
          + "(another silver run committed): nothing written, retry from the new state", moved);
    }
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }

  /** (Kafka partition, offset) in one long, ordered like the pair: partition in the top 16 bits. */
  static long position(int partition, long offset) {
    if (partition < 0 || partition >= (1 << 15) || offset < 0 || offset >= (1L << 48)) {
      throw new IllegalArgumentException("partition/offset out of range: " + partition + "/" + offset);
    }
    return ((long) partition << 48) | offset;
  }
}
