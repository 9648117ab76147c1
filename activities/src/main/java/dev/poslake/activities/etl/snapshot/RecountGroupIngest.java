package dev.poslake.activities.etl.snapshot;

import dev.poslake.activities.env.ObjectStore;
import dev.poslake.activities.etl.domain.SnapshotCsvParser;
import dev.poslake.activities.etl.domain.SnapshotRejection;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.UncommittedFiles;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.RejectedSnapshotRowTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * Ingests a group of recount file versions. Each file is streamed once (and hashed on the way) through
 * {@link SnapshotCsvParser} into data files of its own: {@code inventory_snapshot} (rows) and
 * {@code rejected_snapshot_row} (bad lines). Then each table gets one commit for the whole group, and last the
 * ledger ({@code ingested_snapshot_file}) one row per version, which marks the versions done. Every commit holds
 * only the versions its table does not have yet ({@link FileVersionCommits}), so a retry after a crash anywhere,
 * or a racing attempt of the same group, never writes a version twice; a version whose content the ledger already
 * has under another ETag is only recorded.
 */
final class RecountGroupIngest {
  static final int MID_FILE_EVERY = 1024;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** One file read: its version, counts, stores and the data files written for it (not committed). */
  private record FileRead(RecountObject object, FileVersion version, long rows, long rejected,
      Map<String, Long> reasons, Set<Integer> stores, List<DataFile> rowFiles, List<DataFile> rejectFiles,
      boolean reupload) {}

  private final ObjectStore objects;
  private final SnapshotTables tables;
  private final SnapshotCsvParser parser;
  private final Consumer<String> progress;
  private final IngestSeams seams;

  RecountGroupIngest(ObjectStore objects, SnapshotTables tables, SnapshotCsvParser parser, Consumer<String> progress,
      IngestSeams seams) {
    this.objects = objects;
    this.tables = tables;
    this.parser = parser;
    this.progress = progress;
    this.seams = seams;
  }

  RecountGroupResult ingest(List<RecountObject> files) {
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    Instant now = Instant.now();
    List<FileRead> reads = new ArrayList<>();
    for (RecountObject o : files) {
      progress.accept("ingesting " + o.key());
      reads.add(read(o, now));
    }
    // a crash from here on leaves written but uncommitted files as orphans: harmless, never referenced
    commitRows(reads);
    commitRejects(reads);
    recordLedger(reads, now);
    int ingested = 0;
    int reuploads = 0;
    long rows = 0;
    long rejected = 0;
    long bytes = 0;
    Map<String, Long> reasons = new TreeMap<>();
    for (FileRead r : reads) {
      bytes += r.object().size();
      if (r.reupload()) {
        reuploads++;
        continue;
      }
      ingested++;
      rows += r.rows();
      rejected += r.rejected();
      r.reasons().forEach((k, v) -> reasons.merge(k, v, Long::sum));
    }
    return new RecountGroupResult(ingested, reuploads, rows, rejected, reasons, bytes,
        THREADS.getCurrentThreadCpuTime() - cpu0);
  }

  /** Streams one file into its own data files, hashing it; nothing is committed. */
  private FileRead read(RecountObject o, Instant now) {
    MessageDigest md = sha256();
    String key = o.key();
    Map<String, Long> reasons = new TreeMap<>();
    Set<Integer> stores = new TreeSet<>();
    RecountRow row = new RecountRow().sourceFile(key);
    long[] counts = new long[2];
    RecordAppender[] rejectOut = new RecordAppender[1]; // opened at the first bad line
    try (RecountRowsAppender rowOut = new RecountRowsAppender(tables.snapshots());
         InputStream in = new DigestInputStream(objects.open(key), md)) {
      try {
        parser.parse(key, in, new SnapshotCsvParser.Sink() {
          private int lastStore = Integer.MIN_VALUE;

          @Override
          public void row(long line, int item, int employee, int store, long micros, int quantity) {
            row.itemId = item;
            row.employeeId = employee;
            row.storeId = store;
            row.dateTimeMicros = micros;
            row.quantity = quantity;
            row.sourceLine = line;
            rowOut.write(row);
            if (store != lastStore) { // a recount file is one store: the set is touched once
              stores.add(store);
              lastStore = store;
            }
            long n = ++counts[0];
            if ((n & (MID_FILE_EVERY - 1)) == 0 || n == 1) {
              seams.midFile().accept(key, n);
              if (n % 20_480 == 0) progress.accept(key + ": " + n + " rows");
            }
          }

          @Override
          public void rejected(SnapshotRejection rej) {
            if (rejectOut[0] == null) rejectOut[0] = RecordAppender.forTable(tables.rejects());
            rejectOut[0].write(SnapshotRecords.toRejected(tables.rejects().schema(), rej, now));
            reasons.merge(rej.code(), 1L, Long::sum);
            counts[1]++;
          }
        });
        // drain what the parser did not read (nothing for a well-formed file) so the hash covers the whole object
        in.transferTo(OutputStream.nullOutputStream());
      } catch (RuntimeException | IOException e) {
        if (rejectOut[0] != null) rejectOut[0].abort();
        throw e;
      }
      FileVersion version = new FileVersion(key, HexFormat.of().formatHex(md.digest()), o.etag());
      if (o.knownSha256s().contains(version.sha256())) { // same content as an ingested version: record only
        rowOut.abort();
        if (rejectOut[0] != null) rejectOut[0].abort();
        return new FileRead(o, version, 0, 0, Map.of(), Set.of(), List.of(), List.of(), true);
      }
      List<DataFile> rowFiles = rowOut.rows() > 0 ? rowOut.complete().dataFiles() : List.of();
      if (rowOut.rows() == 0) rowOut.abort();
      List<DataFile> rejectFiles = rejectOut[0] == null ? List.of() : rejectOut[0].complete().dataFiles();
      return new FileRead(o, version, counts[0], counts[1], reasons, stores, rowFiles, rejectFiles, false);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + key, e);
    }
  }

  private void commitRows(List<FileRead> reads) {
    Map<FileVersion, FileRead> byVersion = new LinkedHashMap<>();
    for (FileRead r : reads) if (!r.rowFiles().isEmpty()) byVersion.put(r.version(), r);
    if (byVersion.isEmpty()) return;
    commitPrewritten(tables.snapshots(), byVersion, FileRead::rowFiles, missing -> Map.of(SnapshotSummaryKeys.STORES,
        missing.stream().flatMap(v -> byVersion.get(v).stores().stream()).distinct().sorted()
            .map(String::valueOf).collect(Collectors.joining(","))));
    seams.checkpoint().accept(InventorySnapshotTable.NAME);
  }

  private void commitRejects(List<FileRead> reads) {
    Map<FileVersion, FileRead> byVersion = new LinkedHashMap<>();
    for (FileRead r : reads) if (!r.rejectFiles().isEmpty()) byVersion.put(r.version(), r);
    if (byVersion.isEmpty()) return;
    commitPrewritten(tables.rejects(), byVersion, FileRead::rejectFiles, missing -> Map.of());
    seams.checkpoint().accept(RejectedSnapshotRowTable.NAME);
  }

  private void commitPrewritten(Table table, Map<FileVersion, FileRead> byVersion,
      java.util.function.Function<FileRead, List<DataFile>> filesOf,
      java.util.function.Function<List<FileVersion>, Map<String, String>> summary) {
    Map<FileVersion, List<DataFile>> files = new LinkedHashMap<>();
    byVersion.forEach((v, r) -> files.put(v, filesOf.apply(r)));
    List<FileVersion> committed = FileVersionCommits.appendOnce(table, new ArrayList<>(byVersion.keySet()), false,
        FileVersionCommits.prewritten(files, summary), () -> seams.beforeCommit().accept(table.name()));
    Set<FileVersion> mine = new HashSet<>(committed);
    files.forEach((v, f) -> {
      if (!mine.contains(v)) UncommittedFiles.deleteQuietly(table.io(), f); // another attempt's copies count
    });
  }

  /** One ledger row per version, in one commit: the group is done. */
  private void recordLedger(List<FileRead> reads, Instant now) {
    Table ledger = tables.ledger();
    Map<FileVersion, FileRead> byVersion = new LinkedHashMap<>();
    for (FileRead r : reads) byVersion.put(r.version(), r);
    FileVersionCommits.appendOnce(ledger, new ArrayList<>(byVersion.keySet()), true, new FileVersionCommits.Content() {
      @Override
      public List<DataFile> files(List<FileVersion> missing) {
        try (RecordAppender out = RecordAppender.forTable(ledger)) {
          for (FileVersion v : missing) out.write(ledgerRow(ledger, byVersion.get(v), now));
          return out.complete().dataFiles();
        }
      }

      @Override
      public Map<String, String> summary(List<FileVersion> missing) {
        return Map.of();
      }

      @Override
      public void discard(List<DataFile> files) {
        UncommittedFiles.deleteQuietly(ledger.io(), files);
      }
    }, () -> seams.beforeCommit().accept(ledger.name()));
    seams.checkpoint().accept(IngestedSnapshotFileTable.NAME);
  }

  private static Record ledgerRow(Table ledger, FileRead r, Instant now) {
    Record row = GenericRecord.create(ledger.schema());
    row.setField(IngestedSnapshotFileTable.SOURCE_FILE, r.version().key());
    row.setField(IngestedSnapshotFileTable.ETAG, r.version().etag());
    row.setField(IngestedSnapshotFileTable.SHA256, r.version().sha256());
    row.setField(IngestedSnapshotFileTable.SIZE_BYTES, r.object().size());
    row.setField(IngestedSnapshotFileTable.ROWS, r.rows());
    row.setField(IngestedSnapshotFileTable.REJECTED, r.rejected());
    row.setField(IngestedSnapshotFileTable.INGESTED_AT, SnapshotRecords.utc(now));
    return row;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
