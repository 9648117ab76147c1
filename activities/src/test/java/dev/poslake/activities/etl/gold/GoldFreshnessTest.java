package dev.poslake.activities.etl.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.LocalCatalog;
import dev.poslake.catalog.io.Commits;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.tables.CurrentInventoryTable;
import dev.poslake.catalog.tables.PosTables;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one definition of gold freshness. */
class GoldFreshnessTest {
  static final long NEWEST = OffsetDateTime.of(2026, 11, 25, 12, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();

  @TempDir Path dir;

  @Test
  void sourceTimeIsTheGeneratorClockWhenKnownElseTheWallClockNeverNegative() {
    // the generator's clock runs ahead of the wall clock: it is the source time, not "now"
    GoldFreshness generator = GoldFreshness.of(NEWEST, OptionalLong.of(NEWEST + 90_000), NEWEST - 3_600_000);
    assertTrue(generator.sourceIsGenerator());
    assertEquals(90, generator.seconds());
    GoldFreshness wall = GoldFreshness.of(NEWEST, OptionalLong.empty(), NEWEST + 5_000);
    assertFalse(wall.sourceIsGenerator());
    assertEquals(5_000, wall.millis());
    assertEquals(0, GoldFreshness.of(NEWEST, OptionalLong.of(NEWEST - 1), 0).millis());
  }

  @Test
  void theNewestEventComesFromGoldsFileStatistics() {
    Catalog catalog = LocalCatalog.open(dir);
    Namespace ns = Namespace.of("pos");
    PosTables.ensureAll(catalog, ns);
    Table gold = catalog.loadTable(TableIdentifier.of(ns, CurrentInventoryTable.NAME));
    assertEquals(OptionalLong.empty(), GoldFreshness.newestEventMillis(gold));
    append(gold, row(gold, 1, 100001, NEWEST - 60_000), row(gold, 1, 100002, NEWEST));
    append(gold, row(gold, 2, 100001, NEWEST - 7_200_000));
    gold.refresh();
    assertEquals(OptionalLong.of(NEWEST), GoldFreshness.newestEventMillis(gold));
  }

  private static Record row(Table t, int store, int item, long at) {
    Record r = GenericRecord.create(t.schema());
    r.setField("store_id", store);
    r.setField("item_id", item);
    r.setField("snapshot_quantity", 10);
    r.setField("change_quantity", 0L);
    r.setField("current_inventory", 10L);
    r.setField(CurrentInventoryTable.DATE_TIME,
        OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(at), ZoneOffset.UTC));
    return r;
  }

  private static void append(Table t, Record... rows) {
    t.refresh();
    try (RecordAppender out = RecordAppender.forTable(t)) {
      for (Record r : rows) out.write(r);
      Commits.append(t, out.complete().dataFiles(), Map.of());
    }
  }
}
