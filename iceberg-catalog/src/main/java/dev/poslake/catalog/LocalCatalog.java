package dev.poslake.catalog;

import dev.poslake.catalog.io.LocalFileIO;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;

/**
 * A catalog that needs no server and no S3: JdbcCatalog on a SQLite file {@code <dir>/catalog.db}, tables under
 * {@code <dir>/warehouse}, {@link LocalFileIO}. For tests, demos and single-machine use.
 */
public final class LocalCatalog {
  private LocalCatalog() {}

  public static Catalog open(Path dir) {
    return open(dir, CatalogFactory.CATALOG_NAME);
  }

  public static Catalog open(Path dir, String name) {
    Path abs = dir.toAbsolutePath().normalize();
    Map<String, String> p = Map.of(
        CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog",
        CatalogProperties.URI, "jdbc:sqlite:" + abs.resolve("catalog.db"),
        "jdbc.schema-version", "V1",
        CatalogProperties.WAREHOUSE_LOCATION, abs.resolve("warehouse").toString(),
        CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName(),
        "commit.retry.num-retries", "20");
    abs.toFile().mkdirs();
    return CatalogUtil.buildIcebergCatalog(name, p, null);
  }
}
