package dev.poslake.activities.etl.silver;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.domain.ChangeLine;
import dev.poslake.activities.etl.domain.DedupKey;
import dev.poslake.activities.etl.domain.ParseResult;
import dev.poslake.activities.etl.domain.ParsedTransaction;
import dev.poslake.activities.etl.domain.PosMessageParser;
import dev.poslake.activities.etl.domain.Rejection;
import dev.poslake.activities.etl.domain.Validation;
import dev.poslake.activities.etl.io.DataFileRecords;
import dev.poslake.activities.etl.io.ValidatedAppend;
import dev.poslake.activities.generator.ProgressReporter;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bronze → silver for one batch of bronze snapshots: parse + validate every record with the domain parser,
 * explode valid parts to inventory_change rows, quarantine the rest in rejected_inventory_change, drop
 * duplicate (trans_id, store_id, part) keys.
 *
 * <p>Two streaming passes over the batch's bronze files, never holding rows: pass 1 parses and keeps only the
 * de-dup key of each valid part with the position (Kafka partition, offset) of its first occurrence in the
 * batch, plus the touched (day, store) set; then keys already in inventory_change are removed (pruned read,
 * see {@link ExistingKeys}); pass 2 parses again and writes a part only at its winning position. "First" is
 * the lowest (partition, offset), so a retry picks the same occurrence whatever the file order.
 *
 * <p>inventory_change is append-only: rows are never deleted or rewritten (except by compaction, rows
 * unchanged). Two commits (rejects, then changes), each carrying the batch in {@link SilverState} keys; a
 * retry skips the table that already has the batch.
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
    Schema projection = bronze.schema().select(RawInventoryChangeTable.TOPIC, RawInventoryChangeTable.PARTITION,
        RawInventoryChangeTable.OFFSET, RawInventoryChangeTable.VALUE);

    long tRef = System.nanoTime();
    // ---- pass 1: keys of valid parts, first position of each, touched partitions
    Map<DedupKey, Long> winners = new HashMap<>();
    Map<Long, Set<Integer>> storesByDay = new TreeMap<>();
    long[] read = {0};
    for (DataFile file : batch.files()) {
      DataFileRecords.forEach(bronze, file, projection, r -> {
        read[0]++;
        if (parser.parse(value(r)) instanceof ParsedTransaction t) {
          winners.merge(t.dedupKey(), position(r), Math::min);
          storesByDay.computeIfAbsent(Math.floorDiv(t.dateTime().getEpochSecond(), 86_400L),
              d -> new HashSet<>()).add(t.storeId());
        }
      });
      progress.progress(() -> "silver pass 1: " + read[0] + " bronze records");
    }
    long tPass1 = System.nanoTime();
    long validKeys = winners.size();
    long alreadyInSilver = ExistingKeys.removeExisting(change, storesByDay, winners);
    long tExisting = System.nanoTime();

    // ---- pass 2: write winners and rejects
    OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
    Map<String, Long> rejectsByReason = new TreeMap<>();
    long[] counts = new long[4]; // rows, parts, duplicates, rejected
    try (RecordAppender changes = RecordAppender.forTable(change);
        RecordAppender rejects = RecordAppender.forTable(rejected)) {
      for (DataFile file : batch.files()) {
        DataFileRecords.forEach(bronze, file, projection, r -> {
          ParseResult result = parser.parse(value(r));
          if (result instanceof ParsedTransaction t) {
            Long winner = winners.get(t.dedupKey());
            if (winner != null && winner == position(r)) {
              for (ChangeLine line : t.lines()) {
                changes.write(changeRow(change.schema(), t, line, r, now));
                counts[0]++;
              }
              counts[1]++;
            } else {
              counts[2]++;
            }
          } else if (result instanceof Rejection rej) {
            rejectsByReason.merge(rej.code(), 1L, Long::sum);
            counts[3]++;
            if (!rejectsCommitted) rejects.write(rejectRow(rejected.schema(), rej, r, now));
          }
        });
        progress.progress(() -> "silver pass 2: " + counts[0] + " rows written");
      }
      RecordAppender.Result changeFiles = changes.complete();
      long tPass2 = System.nanoTime();
      RecordAppender.Result rejectFiles = rejects.complete();

      Map<String, String> summary = new LinkedHashMap<>();
      summary.put(SilverState.BRONZE_SNAPSHOT, Long.toString(batch.to()));
      summary.put(SilverState.BRONZE_FROM_SNAPSHOT, from == null ? SilverState.NONE : Long.toString(from));
      summary.put(PREFIX + "bronze-records", Long.toString(read[0]));
      summary.put(PREFIX + "change-rows", Long.toString(counts[0]));
      summary.put(PREFIX + "duplicates", Long.toString(counts[2]));
      summary.put(PREFIX + "rejected", Long.toString(counts[3]));

      int filesWritten = 0;
      if (!rejectsCommitted) {
        if (commit(rejected, rejectFiles, summary, batch.to())) filesWritten += rejectFiles.fileCount();
        else rejects.abort();
      }
      hook.beforeChangeCommit();
      if (commit(change, changeFiles, summary, batch.to())) filesWritten += changeFiles.fileCount();
      else changes.abort();

      long tCommit = System.nanoTime();
      LOG.info("silver: bronze ({}, {}] {} snapshots, {} records → {} rows ({} parts), {} duplicates "
          + "({} already in silver), {} rejected {}; ms: reference {}, pass 1 {}, existing keys {}, pass 2 {}, "
          + "commits {}", from, batch.to(), batch.snapshots(), read[0], counts[0], counts[1], counts[2],
          alreadyInSilver, counts[3], rejectsByReason, ms(t0, tRef), ms(tRef, tPass1), ms(tPass1, tExisting),
          ms(tExisting, tPass2), ms(tPass2, tCommit));
      assert counts[1] + counts[2] + counts[3] == read[0] : "every record is written, a duplicate or rejected";
      assert counts[1] == validKeys - alreadyInSilver;
      return new SilverResult(read[0], counts[0], counts[1], counts[2], rejectsByReason, counts[3],
          filesWritten, from == null ? 0 : from, batch.to());
    }
  }

  /**
   * Commits unless the table already has this batch (then false: the caller deletes its files). A concurrent
   * attempt that commits first makes the validated append fail; then the table has the batch, or the
   * attempts disagree about the batch and this one fails (to be retried from the new state).
   */
  private static boolean commit(Table table, RecordAppender.Result files, Map<String, String> summary,
      long bronzeTo) {
    table.refresh();
    if (SilverState.processedBronze(table).orElse(-1L) == bronzeTo) return false;
    Snapshot base = table.currentSnapshot();
    if (ValidatedAppend.commit(table, base, files.dataFiles(), summary)) return true;
    table.refresh();
    if (SilverState.processedBronze(table).orElse(-1L) == bronzeTo) return false;
    throw new IllegalStateException("concurrent commit to " + table.name() + " by another silver run; retry");
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }

  private static byte[] value(Record r) {
    ByteBuffer b = (ByteBuffer) r.getField(RawInventoryChangeTable.VALUE);
    if (b == null) return null;
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  /** (Kafka partition, offset) in one long, ordered like the pair: partition in the top 16 bits. */
  static long position(Record r) {
    int partition = (Integer) r.getField(RawInventoryChangeTable.PARTITION);
    long offset = (Long) r.getField(RawInventoryChangeTable.OFFSET);
    if (partition < 0 || partition >= (1 << 15) || offset < 0 || offset >= (1L << 48)) {
      throw new IllegalArgumentException("partition/offset out of range: " + partition + "/" + offset);
    }
    return ((long) partition << 48) | offset;
  }

  private static Record changeRow(Schema schema, ParsedTransaction t, ChangeLine line, Record src,
      OffsetDateTime now) {
    Record row = GenericRecord.create(schema);
    row.setField(InventoryChangeTable.TRANS_ID, t.transId());
    row.setField(InventoryChangeTable.STORE_ID, t.storeId());
    row.setField(InventoryChangeTable.DATE_TIME, t.dateTime().atOffset(ZoneOffset.UTC));
    row.setField(InventoryChangeTable.CHANGE_TYPE_ID, t.changeTypeId());
    row.setField(InventoryChangeTable.ITEM_ID, line.itemId());
    row.setField(InventoryChangeTable.QUANTITY, line.quantity());
    row.setField(InventoryChangeTable.PART, t.part());
    row.setField(InventoryChangeTable.PARTS, t.parts());
    row.setField(InventoryChangeTable.LINE, line.line());
    row.setField(InventoryChangeTable.SOURCE_PARTITION, src.getField(RawInventoryChangeTable.PARTITION));
    row.setField(InventoryChangeTable.SOURCE_OFFSET, src.getField(RawInventoryChangeTable.OFFSET));
    row.setField(InventoryChangeTable.INGESTED_AT, now);
    return row;
  }

  private static Record rejectRow(Schema schema, Rejection rej, Record src, OffsetDateTime now) {
    Record row = GenericRecord.create(schema);
    row.setField(RejectedInventoryChangeTable.TOPIC, src.getField(RawInventoryChangeTable.TOPIC));
    row.setField(RejectedInventoryChangeTable.SOURCE_PARTITION, src.getField(RawInventoryChangeTable.PARTITION));
    row.setField(RejectedInventoryChangeTable.SOURCE_OFFSET, src.getField(RawInventoryChangeTable.OFFSET));
    ByteBuffer raw = (ByteBuffer) src.getField(RawInventoryChangeTable.VALUE);
    row.setField(RejectedInventoryChangeTable.RAW_VALUE, raw == null ? null : ByteBuffer.wrap(value(src)));
    row.setField(RejectedInventoryChangeTable.REASON, rej.code());
    row.setField(RejectedInventoryChangeTable.DETAIL, rej.detail());
    row.setField(RejectedInventoryChangeTable.REJECTED_AT, now);
    return row;
  }
}
