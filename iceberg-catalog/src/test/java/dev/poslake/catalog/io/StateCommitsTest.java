package dev.poslake.catalog.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.LocalCatalog;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.catalog.tables.StoreTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipeline state: read from the newest non-replace snapshot, committed only on the state that was read. */
class StateCommitsTest {
  static final Namespace NS = Namespace.of("pos");
  static final String KEY = "pos.test.position";

  @TempDir Path dir;
  Table table;
  int rows;

  @BeforeEach
  void setUp() {
    Catalog catalog = LocalCatalog.open(dir);
    PosTables.ensureAll(catalog, NS);
    table = catalog.loadTable(TableIdentifier.of(NS, StoreTable.NAME));
  }

  List<DataFile> file() {
    try (RecordAppender out = RecordAppender.forTable(table)) {
      Record r = GenericRecord.create(table.schema());
      r.setField(StoreTable.STORE_ID, ++rows);
      r.setField(StoreTable.STORE_NAME, "s" + rows);
      out.write(r);
      return out.complete().dataFiles();
    }
  }

  void stateCommit(String position) {
    Commits.append(table, file(), Map.of(KEY, position));
  }

  /** A compaction: every live file rewritten, with the given summary (a copy of an older state, say). */
  void compaction(Map<String, String> summary) {
    table.refresh();
    List<DataFile> live = new java.util.ArrayList<>();
    table.newScan().planFiles().forEach(t -> live.add(t.file()));
    List<Record> all = TableReader.readAll(table);
    try (RecordAppender out = RecordAppender.forTable(table)) {
      out.writeAll(all);
      var rewrite = table.newRewrite();
      live.forEach(rewrite::deleteFile);
      out.complete().dataFiles().forEach(rewrite::addFile);
      Commits.withSummary(rewrite, summary).commit();
    }
  }

  @Test
  void stateIsReadFromTheNewestNonReplaceSnapshotNotFromACompactionsStaleCopy() {
    stateCommit("1");
    stateCommit("2");
    // a compaction that Iceberg re-applied on top of the second commit still carries the first one's copy
    compaction(Map.of(KEY, "1"));
    table.refresh();
    assertEquals("1", SnapshotProperties.current(table, KEY).orElseThrow(), "the stale copy is on top");
    assertEquals("2", SnapshotProperties.latest(table, KEY).orElseThrow());
    assertTrue(SnapshotProperties.stateSnapshot(table).orElseThrow().summary().get(KEY).equals("2"));
  }

  @Test
  void aCommitAppliesOnlyOnTheStateItRead() {
    stateCommit("1");
    table.refresh();
    StateGuard read = StateGuard.unchangedSince(table);
    compaction(Map.of()); // changes files, not state: still the state read
    var first = table.newAppend().validateWith(read);
    file().forEach(first::appendFile);
    first.set(KEY, "2").commit();

    // a stale attempt that read state "1" wakes after "2" was committed: it must not commit
    var stale = table.newAppend().validateWith(read);
    file().forEach(stale::appendFile);
    stale.set(KEY, "2");
    ValidationException e = assertThrows(ValidationException.class, stale::commit);
    assertTrue(e.getMessage().contains("state moved on"), e.getMessage());
    table.refresh();
    assertEquals(2, TableReader.readAll(table).size());
  }

  @Test
  void appendOnceChecksAgainWhenAnotherCommitLandsBetweenCheckAndCommit() {
    AtomicInteger attempts = new AtomicInteger();
    boolean[] racedOnce = {false};
    boolean committed = Commits.appendOnce(table, file(), Map.of(KEY, "mine"),
        t -> SnapshotProperties.latestSnapshotWith(t, s -> "mine".equals(s.summary().get(KEY))).isPresent(),
        () -> {
          attempts.incrementAndGet();
          if (!racedOnce[0]) {
            racedOnce[0] = true;
            stateCommit("mine"); // the racing attempt commits the same thing after our check
          }
        });
    assertFalse(committed, "the second check finds the racing attempt's commit");
    assertEquals(1, attempts.get());
    table.refresh();
    assertEquals(1, TableReader.readAll(table).size(), "the racing attempt's row only");
  }
}
