package dev.poslake.activities.reference;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.catalog.io.Commits;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.catalog.tables.InventoryChangeTypeTable;
import dev.poslake.catalog.tables.ItemTable;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.catalog.tables.StoreTable;
import dev.poslake.catalog.tables.TableDefinition;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * The reference-data steps (no Temporal in here; {@link ReferenceActivitiesImpl} delegates to it): upload the
 * bundled seed files to the object store, reload the silver tables store / item / inventory_change_type when
 * their file changed, and read the typed reference data.
 *
 * <p>A table is reloaded when the SHA-256 of its file differs from the {@value #SOURCE_SHA256} summary
 * property of the table's current snapshot; the reload replaces all rows in one overwrite commit carrying the
 * new hash, so an unchanged file adds no snapshot and a crash between two tables is repaired by the next call.
 */
public final class ReferenceTables {
  /** Snapshot summary property: SHA-256 (hex) of the file the table's rows were loaded from. */
  public static final String SOURCE_SHA256 = "pos.source-sha256";
  /** Snapshot summary property: object key of that file. */
  public static final String SOURCE_KEY = "pos.source-key";
  /** Object key prefix of the reference files. */
  public static final String KEY_PREFIX = "reference/";

  /** A reference file and the table loaded from it. */
  public enum Source {
    STORE(ReferenceFiles.STORE_FILE, StoreTable.DEFINITION),
    ITEM(ReferenceFiles.ITEM_FILE, ItemTable.DEFINITION),
    CHANGE_TYPE(ReferenceFiles.CHANGE_TYPE_FILE, InventoryChangeTypeTable.DEFINITION);

    public final String fileName;
    public final TableDefinition table;

    Source(String fileName, TableDefinition table) {
      this.fileName = fileName;
      this.table = table;
    }

    public String key() {
      return KEY_PREFIX + fileName;
    }
  }

  /** Outcome for one table. rows: rows in the table now (-1 if unknown). */
  public record TableRefresh(String table, String key, String sha256, boolean reloaded, long rows) {}

  /** Outcome of {@link #refresh()}, one entry per reference table. */
  public record RefreshResult(List<TableRefresh> tables) {
    public RefreshResult {
      tables = List.copyOf(tables);
    }

    public boolean anyReloaded() {
      return tables.stream().anyMatch(TableRefresh::reloaded);
    }
  }

  private final Catalog catalog;
  private final Namespace namespace;
  private final ReferenceFileStore files;

  public ReferenceTables(Catalog catalog, Namespace namespace, ReferenceFileStore files) {
    this.catalog = catalog;
    this.namespace = namespace;
    this.files = files;
  }

  public static ReferenceTables of(PipelineResources resources) {
    return new ReferenceTables(resources.catalog(), resources.namespace(),
        ReferenceFileStore.of(resources.objectStore()));
  }

  // ---------------------------------------------------------------- (a) upload

  /** {@link #ensureUploaded(int)} without adding stores. */
  public List<String> ensureUploaded() {
    return ensureUploaded(0);
  }

  /**
   * Uploads each bundled seed file whose key is missing. With {@code physicalStores} greater than the number
   * of physical stores in store.txt (the generator's --stores), store.txt is rewritten with stores
   * store_NNN added so that there are that many (existing rows are kept). Returns the keys written.
   */
  public List<String> ensureUploaded(int physicalStores) {
    List<String> written = new ArrayList<>();
    for (Source s : Source.values()) {
      Optional<byte[]> existing = files.read(s.key());
      byte[] base = existing.orElseGet(() -> ReferenceFiles.bundledBytes(s.fileName));
      byte[] content = base;
      if (s == Source.STORE && physicalStores > 0) {
        content = ReferenceFiles.storeFileWithPhysicalStores(base, physicalStores);
      }
      if (existing.isEmpty() || content != base) {
        files.write(s.key(), content);
        written.add(s.key());
      }
    }
    return written;
  }

  // ---------------------------------------------------------------- (b) refresh

  /**
   * Reloads each reference table whose file changed (see the class comment). All changed files are parsed
   * and validated before anything is committed: one invalid file fails the call ({@link
   * ReferenceFileException}) and leaves every table as it was.
   */
  public RefreshResult refresh() {
    PosTables.ensureNamespace(catalog, namespace);
    Map<Source, byte[]> content = readAll();
    Map<Source, Table> tables = new LinkedHashMap<>();
    Map<Source, String> hashes = new LinkedHashMap<>();
    Map<Source, List<Record>> toLoad = new LinkedHashMap<>();
    for (Source s : Source.values()) {
      Table t = s.table.ensure(catalog, namespace);
      String hash = sha256(content.get(s));
      tables.put(s, t);
      hashes.put(s, hash);
      if (!hash.equals(SnapshotProperties.current(t, SOURCE_SHA256).orElse(null))) {
        toLoad.put(s, records(s, t, content.get(s))); // parse + validate
      }
    }
    List<TableRefresh> out = new ArrayList<>();
    for (Source s : Source.values()) {
      Table t = tables.get(s);
      List<Record> rows = toLoad.get(s);
      if (rows == null) {
        out.add(new TableRefresh(s.table.name(), s.key(), hashes.get(s), false, SnapshotProperties.totalRecords(t)));
        continue;
      }
      try (RecordAppender appender = RecordAppender.forTable(t)) {
        appender.writeAll(rows);
        RecordAppender.Result written = appender.complete();
        try {
          Commits.replaceAll(t, written.dataFiles(), Map.of(SOURCE_SHA256, hashes.get(s), SOURCE_KEY, s.key()));
        } catch (RuntimeException e) {
          appender.abort();
          throw e;
        }
      }
      out.add(new TableRefresh(s.table.name(), s.key(), hashes.get(s), true, rows.size()));
    }
    return new RefreshResult(out);
  }

  // ---------------------------------------------------------------- (c) read

  /** The typed, validated reference data from the object store files. */
  public ReferenceData readReferenceData() {
    Map<Source, byte[]> content = readAll();
    Map<String, byte[]> byName = new LinkedHashMap<>();
    content.forEach((s, b) -> byName.put(s.fileName, b));
    return ReferenceFiles.load(byName);
  }

  private Map<Source, byte[]> readAll() {
    Map<Source, byte[]> content = new LinkedHashMap<>();
    for (Source s : Source.values()) {
      content.put(s, files.read(s.key()).orElseThrow(() -> new ReferenceFileException(s.key(), 0,
          "reference file missing in the object store (ensureUploaded uploads the bundled seed files)")));
    }
    return content;
  }

  private static List<Record> records(Source s, Table t, byte[] bytes) {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    List<Record> rows = new ArrayList<>();
    Consumer<Record> add = rows::add;
    switch (s) {
      case STORE -> ReferenceFiles.parseStores(s.key(), in).forEach(st -> {
        Record r = GenericRecord.create(t.schema());
        r.setField(StoreTable.STORE_ID, st.storeId());
        r.setField(StoreTable.STORE_NAME, st.name());
        add.accept(r);
      });
      case ITEM -> ReferenceFiles.parseItems(s.key(), in).forEach(it -> {
        Record r = GenericRecord.create(t.schema());
        r.setField(ItemTable.ITEM_ID, it.itemId());
        r.setField(ItemTable.ITEM_NAME, it.name());
        r.setField(ItemTable.SUPPLIER_ID, it.supplierId());
        r.setField(ItemTable.SAFETY_STOCK_QUANTITY, it.safetyStockQuantity());
        add.accept(r);
      });
      case CHANGE_TYPE -> ReferenceFiles.parseChangeTypes(s.key(), in).forEach(ct -> {
        Record r = GenericRecord.create(t.schema());
        r.setField(InventoryChangeTypeTable.CHANGE_TYPE_ID, ct.changeTypeId());
        r.setField(InventoryChangeTypeTable.CHANGE_TYPE, ct.changeType());
        add.accept(r);
      });
      default -> throw new IllegalStateException(s.name());
    }
    return rows;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
