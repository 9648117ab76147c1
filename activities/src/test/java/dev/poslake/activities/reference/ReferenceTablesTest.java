package dev.poslake.activities.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.LocalCatalog;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.io.TableReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceTablesTest {
  static final Namespace NS = Namespace.of("pos");

  /** In-memory stand-in for the object store (the S3 integration test comes with the embedded stack). */
  static final class MapFileStore implements ReferenceFileStore {
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    int writes;

    @Override
    public Optional<byte[]> read(String key) {
      return Optional.ofNullable(objects.get(key));
    }

    @Override
    public void write(String key, byte[] bytes) {
      writes++;
      objects.put(key, bytes.clone());
    }
  }

  @TempDir Path dir;
  Catalog catalog;
  MapFileStore files;
  ReferenceTables reference;

  @BeforeEach
  void setUp() {
    catalog = LocalCatalog.open(dir);
    files = new MapFileStore();
    reference = new ReferenceTables(catalog, NS, files);
  }

  Table table(String name) {
    return catalog.loadTable(TableIdentifier.of(NS, name));
  }

  int snapshots(String name) {
    int n = 0;
    for (org.apache.iceberg.Snapshot ignored : table(name).snapshots()) n++;
    return n;
  }

  @Test
  void ensureUploadedWritesMissingFilesOnly() {
    assertEquals(List.of("reference/store.txt", "reference/item.txt", "reference/inventory_change_type.txt"),
        reference.ensureUploaded());
    assertArrayEquals(ReferenceFiles.bundledBytes("item.txt"), files.objects.get("reference/item.txt"));
    assertEquals(List.of(), reference.ensureUploaded());
    assertEquals(3, files.writes);

    // a user-provided file is never replaced by the seed
    files.objects.put("reference/store.txt", "store_id,name\r\n0,online\r\n7,mine\r\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(), reference.ensureUploaded(1));
    // ... but gets the stores the generator asks for
    assertEquals(List.of("reference/store.txt"), reference.ensureUploaded(3));
    assertEquals("store_id,name\r\n0,online\r\n1,store_001\r\n2,store_002\r\n7,mine\r\n",
        new String(files.objects.get("reference/store.txt"), StandardCharsets.UTF_8));
    assertEquals(List.of(), reference.ensureUploaded(3));
  }

  @Test
  void refreshLoadsOnceThenOnlyOnChange() {
    reference.ensureUploaded();
    ReferenceTables.RefreshResult first = reference.refresh();
    assertEquals(List.of("store", "item", "inventory_change_type"),
        first.tables().stream().map(ReferenceTables.TableRefresh::table).collect(Collectors.toList()));
    assertTrue(first.tables().stream().allMatch(ReferenceTables.TableRefresh::reloaded));
    assertEquals(List.of(2L, 100_000L, 5L),
        first.tables().stream().map(ReferenceTables.TableRefresh::rows).collect(Collectors.toList()));
    assertEquals(ReferenceTables.sha256(ReferenceFiles.bundledBytes("item.txt")),
        SnapshotProperties.current(table("item"), ReferenceTables.SOURCE_SHA256).orElseThrow());
    assertEquals(100_000, TableReader.of(table("item")).count());
    Record online = TableReader.readAll(table("store"),
        org.apache.iceberg.expressions.Expressions.equal("store_id", 0)).get(0);
    assertEquals("online", online.getField("name"));

    // unchanged files: nothing reloaded, no new snapshot
    ReferenceTables.RefreshResult second = reference.refresh();
    assertFalse(second.anyReloaded());
    assertEquals(List.of(2L, 100_000L, 5L),
        second.tables().stream().map(ReferenceTables.TableRefresh::rows).collect(Collectors.toList()));
    assertEquals(1, snapshots("store"));
    assertEquals(1, snapshots("item"));
    assertEquals(1, snapshots("inventory_change_type"));

    // more stores: only the store table is reloaded, its rows replaced (not appended)
    reference.ensureUploaded(4);
    ReferenceTables.RefreshResult third = reference.refresh();
    assertEquals(List.of(true, false, false),
        third.tables().stream().map(ReferenceTables.TableRefresh::reloaded).collect(Collectors.toList()));
    assertEquals(5, third.tables().get(0).rows());
    assertEquals(List.of(0, 1, 2, 3, 4), TableReader.readAll(table("store")).stream()
        .map(r -> (Integer) r.getField("store_id")).sorted().collect(Collectors.toList()));
    assertEquals(2, snapshots("store"));
    assertEquals(1, snapshots("item"));
    assertEquals(5, reference.readReferenceData().stores().size());
  }

  @Test
  void invalidFileFailsBeforeAnyCommit() {
    reference.ensureUploaded();
    files.objects.put("reference/store.txt", "store_id,name\r\n0,online\r\n2,store_002\r\n".getBytes(StandardCharsets.UTF_8));
    files.objects.put("reference/item.txt",
        "item_id,name,supplier_id,safety_stock_quantity\r\n1,a,1,1\r\n2,b,x,1\r\n".getBytes(StandardCharsets.UTF_8));
    ReferenceFileException e = assertThrows(ReferenceFileException.class, reference::refresh);
    assertEquals("reference/item.txt line 3: supplier_id 'x' is not an integer", e.getMessage());
    assertEquals(null, table("store").currentSnapshot(), "the valid store file was not committed either");
  }

  @Test
  void readReferenceDataNeedsTheFiles() {
    assertThrows(ReferenceFileException.class, reference::readReferenceData);
    reference.ensureUploaded();
    ReferenceData d = reference.readReferenceData();
    assertEquals(100_000, d.items().size());
    assertEquals(5, d.changeTypes().size());
  }
}
