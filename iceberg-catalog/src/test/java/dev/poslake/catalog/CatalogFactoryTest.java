package dev.poslake.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.io.LocalFileIO;
import dev.poslake.catalog.tables.StoreTable;
import dev.poslake.config.PosConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogFactoryTest {
  @Test
  void localLocations() {
    assertTrue(CatalogFactory.isLocalLocation("/tmp/wh"));
    assertTrue(CatalogFactory.isLocalLocation("./wh"));
    assertTrue(CatalogFactory.isLocalLocation("file:/tmp/wh"));
    assertTrue(CatalogFactory.isLocalLocation("file:///tmp/wh"));
    assertTrue(CatalogFactory.isLocalLocation("C:\\data\\wh"));
    assertFalse(CatalogFactory.isLocalLocation("s3://pos/warehouse"));
    assertFalse(CatalogFactory.isLocalLocation("s3a://pos/warehouse"));
  }

  @TempDir Path dir;

  @Test
  void localWarehouseUsesLocalFileIo() throws Exception {
    PosConfig config = PosConfig.of(Map.of("data.dir", dir.toString(),
        "iceberg.catalog.warehouse", dir.resolve("wh").toString()));
    Map<String, String> props = CatalogFactory.catalogProperties(config);
    assertEquals(LocalFileIO.class.getName(), props.get("io-impl"));
    assertFalse(props.containsKey("s3.endpoint"));
    Catalog catalog = CatalogFactory.open(config);
    Table t = StoreTable.DEFINITION.ensure(catalog, Namespace.of("pos"));
    assertTrue(t.io() instanceof LocalFileIO);
    assertTrue(Files.isDirectory(dir.resolve("wh/pos/store/metadata")));
  }

  @Test
  void defaultSqliteCatalogCreatesAMissingDataDir() {
    Path data = dir.resolve("not/yet/there");
    PosConfig config = PosConfig.of(Map.of("data.dir", data.toString(),
        "iceberg.catalog.warehouse", dir.resolve("wh").toString()));
    Catalog catalog = CatalogFactory.open(config);
    assertTrue(((org.apache.iceberg.catalog.SupportsNamespaces) catalog).namespaceExists(Namespace.of("pos")));
    assertTrue(Files.isRegularFile(data.resolve("catalog.db")));
  }

  @Test
  void s3WarehouseByDefault() {
    Map<String, String> props = CatalogFactory.catalogProperties(PosConfig.of(Map.of("data.dir", dir.toString())));
    assertEquals("org.apache.iceberg.aws.s3.S3FileIO", props.get("io-impl"));
    assertEquals("s3://pos/warehouse", props.get("warehouse"));
  }

  @Test
  void localFileIoPaths() {
    assertEquals("/tmp/a b/c", LocalFileIO.toPath("file:/tmp/a b/c").toString());
    assertEquals("/tmp/x", LocalFileIO.toPath("file:///tmp/x").toString());
    assertEquals("/tmp/x", LocalFileIO.toPath("/tmp/x").toString());
  }
}
