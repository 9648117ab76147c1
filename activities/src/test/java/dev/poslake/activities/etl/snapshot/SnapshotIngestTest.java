package dev.poslake.activities.etl.snapshot;

import static dev.poslake.activities.etl.EtlFixture.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.poslake.activities.etl.EtlFixture;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.IngestedSnapshotFileTable;
import dev.poslake.catalog.tables.InventorySnapshotTable;
import dev.poslake.catalog.tables.LatestInventorySnapshotTable;
import dev.poslake.catalog.tables.RejectedSnapshotRowTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PosStackExtension.class)
class SnapshotIngestTest {
  static final Instant T1 = Instant.parse("2026-11-20T08:00:00Z");
  static final Instant T2 = Instant.parse("2026-11-25T08:00:00Z");
  static final Instant T3 = Instant.parse("2026-11-30T08:00:00Z");

  static SnapshotIngestResult ingest(EtlFixture f) {
    return new SnapshotIngest(f.res, what -> {}).run();
  }

  @Test
  void fileIsIngestedOnceAndReuploadOfSameContentIsSkipped(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      List<String> lines = List.of(line(100001, 1, T1, 5), line(100002, 1, T1, 0), line(100003, 1, T1, 12));
      String key = f.uploadCsv(1, T1, lines);
      SnapshotIngestResult first = ingest(f);
      assertEquals(new SnapshotIngestResult(1, 1, 0, 3, 0, Map.of(), 3), first);
      List<Record> rows = TableReader.readAll(f.table(InventorySnapshotTable.NAME));
      rows.sort(Comparator.comparing(r -> (Long) r.getField(InventorySnapshotTable.SOURCE_LINE)));
      assertEquals(List.of(2L, 3L, 4L), rows.stream().map(r -> r.getField(InventorySnapshotTable.SOURCE_LINE))
          .collect(Collectors.toList()));
      assertEquals(key, rows.get(0).getField(InventorySnapshotTable.SOURCE_FILE));

      assertEquals(new SnapshotIngestResult(1, 0, 1, 0, 0, Map.of(), 0), ingest(f));
      f.uploadCsv(1, T1, lines); // same name, same content
      assertEquals(new SnapshotIngestResult(1, 0, 1, 0, 0, Map.of(), 0), ingest(f));
      assertEquals(3, TableReader.of(f.table(InventorySnapshotTable.NAME)).count());

      // changed content under the same name: a new version, ingested again (history keeps both)
      f.uploadCsv(1, T1, List.of(line(100001, 1, T1, 6)));
      SnapshotIngestResult changed = ingest(f);
      assertEquals(1, changed.filesIngested());
      assertEquals(1, changed.rows());
      assertEquals(4, TableReader.of(f.table(InventorySnapshotTable.NAME)).count());
      assertEquals(2, TableReader.of(f.table(IngestedSnapshotFileTable.NAME)).count());
      // equal date_time, same file and line: the rule's content tie-break (greater quantity) decides
      assertEquals(6, latest(f, 1, 100001).getField(LatestInventorySnapshotTable.QUANTITY));
    }
  }

  @Test
  void badRowsGoToRejectsWithFileLineAndReason(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      String key = f.uploadCsv(2, T1, List.of(
          line(100001, 2, T1, 5),                       // line 2 ok
          "100002,7,2,2026-11-20 08:00:00",             // 3 wrong_column_count
          "x,7,2,2026-11-20 08:00:00,1",                // 4 not_integer
          "100003,7,2,yesterday,1",                     // 5 bad_timestamp
          line(999, 2, T1, 1),                          // 6 unknown_item
          line(100004, 42, T1, 1),                      // 7 unknown_store
          "9".repeat(10 * 1024 * 1024),                 // 8 line_too_long: 10 MB without a line break
          line(100005, 2, T1, -3)));                    // 9 ok (negative recounts are kept)
      SnapshotIngestResult r = ingest(f);
      assertEquals(2, r.rows());
      assertEquals(6, r.rejected());
      assertEquals(Map.of("wrong_column_count", 1L, "not_integer", 1L, "bad_timestamp", 1L, "unknown_item", 1L,
          "unknown_store", 1L, "line_too_long", 1L), r.rejectsByReason());
      List<Record> rejects = TableReader.readAll(f.table(RejectedSnapshotRowTable.NAME));
      rejects.sort(Comparator.comparing(x -> (Long) x.getField(RejectedSnapshotRowTable.LINE)));
      assertEquals(List.of("3 wrong_column_count", "4 not_integer", "5 bad_timestamp", "6 unknown_item",
          "7 unknown_store", "8 line_too_long"), rejects.stream().map(x -> x.getField(RejectedSnapshotRowTable.LINE) + " "
          + x.getField(RejectedSnapshotRowTable.REASON)).collect(Collectors.toList()));
      assertEquals(key, rejects.get(0).getField(RejectedSnapshotRowTable.SOURCE_FILE));
      assertEquals("x,7,2,2026-11-20 08:00:00,1", rejects.get(1).getField(RejectedSnapshotRowTable.RAW_LINE));

      // a file with a bad header is refused whole, and still ingested only once
      f.upload(SnapshotIngest.PREFIX + "broken.csv", List.of());
      f.res.objectStore().put(SnapshotIngest.PREFIX + "broken.csv", "a,b\r\n1,2\r\n".getBytes());
      SnapshotIngestResult broken = ingest(f);
      assertEquals(Map.of("bad_header", 1L), broken.rejectsByReason());
      assertEquals(0, ingest(f).filesIngested());
    }
  }

  @Test
  void latestWinsAndAnOlderFileArrivingLastIsIgnored(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      // two recounts of one pair in the same run: the later one wins
      f.uploadCsv(3, T1, List.of(line(100001, 3, T1, 5), line(100002, 3, T1, 7)));
      f.uploadCsv(3, T2, List.of(line(100001, 3, T2, 9)));
      SnapshotIngestResult r = ingest(f);
      assertEquals(2, r.latestRowsChanged()); // 2 pairs
      assertEquals(9, latest(f, 3, 100001).getField(LatestInventorySnapshotTable.QUANTITY));
      assertEquals(7, latest(f, 3, 100002).getField(LatestInventorySnapshotTable.QUANTITY));
      assertEquals(2, TableReader.of(f.table(LatestInventorySnapshotTable.NAME)).count());

      // a newer recount in a later run replaces; an older one arriving after it is ignored
      f.uploadCsv(3, T3, List.of(line(100002, 3, T3, 1)));
      assertEquals(1, ingest(f).latestRowsChanged());
      f.uploadCsv(3, Instant.parse("2026-11-22T08:00:00Z"),
          List.of(line(100001, 3, Instant.parse("2026-11-22T08:00:00Z"), 100)));
      SnapshotIngestResult late = ingest(f);
      assertEquals(1, late.filesIngested());
      assertEquals(0, late.latestRowsChanged());
      Record a = latest(f, 3, 100001);
      assertEquals(9, a.getField(LatestInventorySnapshotTable.QUANTITY));
      assertEquals(T2, SnapshotRecords.instant(a.getField(LatestInventorySnapshotTable.DATE_TIME)));
      assertEquals(1, latest(f, 3, 100002).getField(LatestInventorySnapshotTable.QUANTITY));
    }
  }

  @Test
  void crashBetweenCommitsThenRetryCommitsNothingTwice(PosConfig config) throws Exception {
    try (EtlFixture f = new EtlFixture(config)) {
      f.uploadCsv(1, T1, List.of(line(100001, 1, T1, 5), "bad,7,1,2026-11-20 08:00:00,1"));
      int i = 0;
      for (String crashAfter : List.of(InventorySnapshotTable.NAME, RejectedSnapshotRowTable.NAME,
          IngestedSnapshotFileTable.NAME)) {
        Instant t = T2.plusSeconds(i++);
        String key = f.uploadCsv(1, t, List.of(line(100001, 1, t, 5), "bad,7,1,2026-11-25 08:00:00,1", crashAfter));
        assertThrows(IllegalStateException.class, () -> new SnapshotIngest(f.res, w -> {}).checkpoint(table -> {
          if (table.equals(crashAfter)) throw new IllegalStateException("crash after " + table);
        }).run());
        ingest(f); // the retry
        long rows = TableReader.readAll(f.table(InventorySnapshotTable.NAME)).stream()
            .filter(x -> key.equals(x.getField(InventorySnapshotTable.SOURCE_FILE))).count();
        long rejects = TableReader.readAll(f.table(RejectedSnapshotRowTable.NAME)).stream()
            .filter(x -> key.equals(x.getField(RejectedSnapshotRowTable.SOURCE_FILE))).count();
        assertEquals(1, rows, "crash after " + crashAfter);
        assertEquals(2, rejects, "crash after " + crashAfter);
      }
      // T1 + three more files
      assertEquals(4, TableReader.of(f.table(IngestedSnapshotFileTable.NAME)).count());
      assertEquals(0, ingest(f).filesIngested());
    }
  }

  static Record latest(EtlFixture f, int store, int item) {
    List<Record> rows = TableReader.readAll(f.table(LatestInventorySnapshotTable.NAME)).stream()
        .filter(r -> (Integer) r.getField(LatestInventorySnapshotTable.STORE_ID) == store
            && (Integer) r.getField(LatestInventorySnapshotTable.ITEM_ID) == item)
        .collect(Collectors.toList());
    assertEquals(1, rows.size(), "latest rows of " + store + "/" + item);
    return rows.get(0);
  }
}
