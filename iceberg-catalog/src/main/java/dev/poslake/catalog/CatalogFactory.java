package dev.poslake.catalog;

import dev.poslake.catalog.s3.PosS3ClientFactory;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import dev.poslake.config.ConfigException;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.config.PrivateFiles;
import dev.poslake.config.Secrets;
import dev.poslake.catalog.io.LocalFileIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;

/**
 * Builds the Iceberg catalog (JDBC or REST) from the product configuration: S3FileIO for an {@code s3://}
 * warehouse, {@link LocalFileIO} when the warehouse is a local path or {@code file:} URI.
 */
public final class CatalogFactory {
  static final String CATALOG_NAME = "pos";

  private CatalogFactory() {}

  public static Map<String, String> catalogProperties(PosConfig config) {
    Map<String, String> p = new HashMap<>();
    String type = config.get(PosSettings.ICEBERG_CATALOG_TYPE);
    String uri = config.get(PosSettings.ICEBERG_CATALOG_URI);
    String warehouse = config.get(PosSettings.ICEBERG_CATALOG_WAREHOUSE);
    if (warehouse.isBlank()) {
      warehouse = "s3://" + config.get(PosSettings.S3_BUCKET) + "/warehouse";
    }
    if ("jdbc".equals(type)) {
      p.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog");
      if (uri.isBlank()) {
        uri = "jdbc:sqlite:" + config.dataDir().resolve("catalog.db");
      }
      p.put("jdbc.schema-version", "V1");
    } else {
      p.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.rest.RESTCatalog");
      if (uri.isBlank()) {
        throw new ConfigException("iceberg.catalog.type=rest needs ICEBERG_CATALOG_URI (the REST catalog's URL)");
      }
    }
    p.put(CatalogProperties.URI, uri);
    if (isLocalLocation(warehouse)) {
      // a directory on this machine (plain path or file: URI): no S3 involved
      p.put(CatalogProperties.WAREHOUSE_LOCATION, localWarehouse(warehouse));
      p.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    } else {
      p.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
      p.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
      // Iceberg's own client set-up, plus no payload hashing towards an S3 on loopback (LoopbackPayloadSigning)
      p.put(S3FileIOProperties.CLIENT_FACTORY, PosS3ClientFactory.class.getName());
      p.put("client.region", config.get(PosSettings.S3_REGION));
      String endpoint = config.get(PosSettings.S3_ENDPOINT);
      if (!endpoint.isBlank()) {
        p.put("s3.endpoint", endpoint);
        p.put("s3.path-style-access", "true");
      }
      String key = config.get(PosSettings.S3_ACCESS_KEY_ID);
      if (!key.isBlank()) {
        p.put("s3.access-key-id", key);
        p.put("s3.secret-access-key", config.get(PosSettings.S3_SECRET_ACCESS_KEY));
      }
    }
    // concurrent bronze commits from parallel activities retry on conflict instead of failing
    p.put("commit.retry.num-retries", "20");
    p.putAll(config.extraCatalogProperties());
    return p;
  }

  /** Opens the catalog and makes sure the pipeline's namespace exists. */
  public static Catalog open(PosConfig config) {
    Map<String, String> props = catalogProperties(config);
    if ("jdbc".equals(config.get(PosSettings.ICEBERG_CATALOG_TYPE))
        && config.get(PosSettings.ICEBERG_CATALOG_URI).isBlank()) {
      // the default SQLite file lives in the data dir, which nothing else creates when every server is external
      try {
        PrivateFiles.directory(config.dataDir());
      } catch (IOException e) {
        throw new ConfigException("cannot create the data dir " + config.dataDir() + " (POS_DATA_DIR / --data-dir) "
            + "for the Iceberg catalog: " + e.getMessage());
      }
    }
    Catalog catalog;
    try {
      catalog = CatalogUtil.buildIcebergCatalog(CATALOG_NAME, props, null);
    } catch (RuntimeException e) {
      // the URI may hold a password, and drivers repeat it in their messages
      String uri = props.get(CatalogProperties.URI);
      String message = rootMessage(e).replace(uri, Secrets.redactUris(uri));
      throw new ConfigException("cannot open the Iceberg catalog at " + Secrets.redactUris(uri)
          + " (ICEBERG_CATALOG_URI): " + Secrets.redactUris(message));
    }
    Namespace ns = Namespace.of(config.get(PosSettings.ICEBERG_NAMESPACE));
    if (catalog instanceof SupportsNamespaces nsCatalog && !nsCatalog.namespaceExists(ns)) {
      try {
        nsCatalog.createNamespace(ns);
      } catch (org.apache.iceberg.exceptions.AlreadyExistsException raced) {
        // another process created it first
      }
    }
    return catalog;
  }

  /** True for a {@code file:} URI or a path without a URI scheme ({@code /x}, {@code ./x}, {@code C:\\x}). */
  public static boolean isLocalLocation(String location) {
    if (location.startsWith("file:")) return true;
    return !location.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*"); // one-letter "scheme" = Windows drive
  }

  /** A local warehouse as an absolute location (Iceberg stores absolute file locations in its metadata). */
  static String localWarehouse(String warehouse) {
    if (warehouse.startsWith("file:")) return warehouse;
    return Path.of(warehouse).toAbsolutePath().normalize().toString();
  }

  static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) c = c.getCause();
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}
