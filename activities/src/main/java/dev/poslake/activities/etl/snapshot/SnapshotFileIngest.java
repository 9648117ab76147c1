package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.env.ObjectStore;
import dev.poslake.activities.etl.domain.SnapshotCsvParser;
import dev.poslake.activities.etl.domain.SnapshotLine;
import dev.poslake.activities.etl.domain.SnapshotRejection;
import dev.poslake.activities.etl.domain.SnapshotRow;
import dev.poslake.catalog.io.Commits;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.RejectedSnapshotRowTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;

/**
 * Ingests one recount file version: streams it once through {@link SnapshotCsvParser} into new data files of
 * {@code inventory_snapshot} (rows) and {@code rejected_snapshot_row} (bad lines) while hashing it, then commits
 * each table, then the ledger row. Each commit carries (file, SHA-256) in its summary: a retry after a crash
 * between the commits finds the ones already made and commits only the rest, so no row is ever doubled.
 */
final class SnapshotFileIngest {
  /** What one file contributed. */
  record Outcome(String key, String sha256, long rows, long rejected, Map<String, Long> rejectsByReason) {}

  private final ObjectStore objects;
  private final Table snapshots;
  private final Table rejects;
  private final SnapshotCsvParser parser;
  private final Consumer<String> progress;
  private final Consumer<String> checkpoint;
  private final Consumer<String> beforeCommit;

  /**
   * checkpoint: called with the table name after each commit; beforeCommit: after the "already committed?" check,
   * right before each commit attempt (test seams for crashes between commits and for racing attempts).
   */
  SnapshotFileIngest(ObjectStore objects, Table snapshots, Table rejects, SnapshotCsvParser parser,
      Consumer<String> progress, Consumer<String> checkpoint, Consumer<String> beforeCommit) {
    this.objects = objects;
    this.snapshots = snapshots;
    this.rejects = rejects;
    this.parser = parser;
    this.progress = progress;
    this.checkpoint = checkpoint;
    this.beforeCommit = beforeCommit;
  }

  /** SHA-256 of an object's content, streamed. */
  String sha256(String key) {
    MessageDigest md = sha256();
    try (InputStream in = new DigestInputStream(objects.open(key), md)) {
      in.transferTo(OutputStreamSink.INSTANCE);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + key, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  Outcome ingest(String key) {
    MessageDigest md = sha256();
    Instant now = Instant.now();
    Map<String, Long> reasons = new TreeMap<>();
    Set<Integer> stores = new TreeSet<>();
    SnapshotRowRecords records = new SnapshotRowRecords(snapshots.schema());
    try (RecordAppender rowOut = RecordAppender.forTable(snapshots);
         RecordAppender rejectOut = RecordAppender.forTable(rejects);
         InputStream in = new DigestInputStream(objects.open(key), md)) {
      long[] counts = new long[2];
      int[] lastStore = {Integer.MIN_VALUE};
      parser.parse(key, in, row -> {
        rowOut.write(records.toRecord(row));
        if (row.storeId() != lastStore[0]) { // a recount file is mostly one store: skip the boxing set add
          stores.add(row.storeId());
          lastStore[0] = row.storeId();
        }
        if (++counts[0] % 20_000 == 0) progress.accept(key + ": " + counts[0] + " rows");
      }, rej -> {
        rejectOut.write(SnapshotRecords.toRejected(rejects.schema(), rej, now));
        reasons.merge(rej.code(), 1L, Long::sum);
        counts[1]++;
      });
      long rows = counts[0];
      long rejected = counts[1];
      // drain what the parser did not read (nothing for a well-formed file) so the hash covers the whole object
      in.transferTo(OutputStreamSink.INSTANCE);
      String sha = HexFormat.of().formatHex(md.digest());
      Map<String, String> summary = new HashMap<>();
      summary.put(SnapshotSummaryKeys.SOURCE_FILE, key);
      summary.put(SnapshotSummaryKeys.SOURCE_SHA256, sha);
      if (rows > 0) {
        summary.put(SnapshotSummaryKeys.STORES, stores.stream().map(String::valueOf).collect(Collectors.joining(",")));
        commitOnce(snapshots, rowOut, summary);
        checkpoint.accept(InventorySnapshotTable.NAME);
      }
      if (rejected > 0) {
        commitOnce(rejects, rejectOut, summary);
        checkpoint.accept(RejectedSnapshotRowTable.NAME);
      }
      return new Outcome(key, sha, rows, rejected, reasons);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + key, e);
    }
  }

  /** Appends the files unless an attempt (an earlier one, or a racing one) already committed this file version. */
  private void commitOnce(Table table, RecordAppender out, Map<String, String> summary) {
    RecordAppender.Result written = out.complete();
    String key = summary.get(SnapshotSummaryKeys.SOURCE_FILE);
    String sha = summary.get(SnapshotSummaryKeys.SOURCE_SHA256);
    boolean committed = Commits.appendOnce(table, written.dataFiles(), summary,
        t -> SnapshotProperties.latestSnapshotWith(t, s -> key.equals(s.summary().get(SnapshotSummaryKeys.SOURCE_FILE))
            && sha.equals(s.summary().get(SnapshotSummaryKeys.SOURCE_SHA256))).isPresent(),
        () -> beforeCommit.accept(table.name()));
    if (!committed) out.abort(); // the other attempt's copies are the ones referenced
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A sink for draining streams. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
