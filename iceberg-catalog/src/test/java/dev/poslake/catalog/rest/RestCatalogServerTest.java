package dev.poslake.catalog.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.LocalCatalog;
import dev.poslake.catalog.io.LocalFileIO;
import dev.poslake.catalog.tables.PosTables;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Iceberg's own REST client against the server, in front of a real JDBC (SQLite) catalog. */
class RestCatalogServerTest {
  static final Namespace NS = Namespace.of("pos");

  @TempDir Path dir;
  Catalog catalog;
  RestCatalogServer server;
  RESTCatalog client;

  @BeforeEach
  void setUp() {
    catalog = LocalCatalog.open(dir);
    PosTables.ensureAll(catalog, NS);
    server = RestCatalogServer.start(catalog, 0, Map.of("client.region", "us-east-1"));
    client = new RESTCatalog();
    client.initialize("rest", Map.of("uri", server.uri(), "io-impl", LocalFileIO.class.getName()));
  }

  @AfterEach
  void tearDown() throws Exception {
    client.close();
    server.close();
  }

  @Test
  void clientsListAndLoadTheCatalogsTables() throws Exception {
    Table local = catalog.loadTable(TableIdentifier.of(NS, "store"));
    String file = dir.resolve("warehouse/some-file.parquet").toString();
    local.newAppend().appendFile(DataFiles.builder(local.spec()).withPath(file).withFormat(FileFormat.PARQUET)
        .withFileSizeInBytes(100).withRecordCount(3).build()).commit();

    assertTrue(client.listNamespaces().contains(NS));
    assertEquals(new java.util.HashSet<>(catalog.listTables(NS)), new java.util.HashSet<>(client.listTables(NS)));
    assertTrue(client.listTables(NS).size() > 5, "the pipeline's tables: " + client.listTables(NS));
    assertTrue(client.tableExists(TableIdentifier.of(NS, "current_inventory")));
    assertFalse(client.tableExists(TableIdentifier.of(NS, "no_such_table")));
    assertThrows(NoSuchTableException.class, () -> client.loadTable(TableIdentifier.of(NS, "no_such_table")));

    Table remote = client.loadTable(TableIdentifier.of(NS, "store"));
    assertEquals(local.currentSnapshot().snapshotId(), remote.currentSnapshot().snapshotId());
    assertEquals(local.schema().asStruct(), remote.schema().asStruct());
    try (CloseableIterable<FileScanTask> tasks = remote.newScan().planFiles()) {
      List<String> files = new java.util.ArrayList<>();
      tasks.forEach(t -> files.add(t.file().location()));
      assertEquals(List.of(file), files);
    }
  }

  @Test
  void refusesWritesAndAnnouncesOnlyReads() throws Exception {
    assertThrows(RuntimeException.class, () -> client.createNamespace(Namespace.of("other")));
    assertFalse(((org.apache.iceberg.catalog.SupportsNamespaces) catalog).namespaceExists(Namespace.of("other")));

    HttpResponse<String> config = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.uri() + "/v1/config")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, config.statusCode());
    assertTrue(config.body().contains("\"client.region\":\"us-east-1\""), config.body());
    assertFalse(config.body().contains("POST"), config.body());
    HttpResponse<String> drop = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(server.uri() + "/v1/namespaces/pos/tables/store")).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, drop.statusCode());
    assertTrue(catalog.tableExists(TableIdentifier.of(NS, "store")));
  }

  @Test
  void answersOnlyRequestsAddressedToALoopbackName() {
    assertTrue(RestCatalogServer.loopbackName("127.0.0.1:8181"));
    assertTrue(RestCatalogServer.loopbackName("localhost"));
    assertTrue(RestCatalogServer.loopbackName("[::1]:8181"));
    assertFalse(RestCatalogServer.loopbackName("evil.example.com:8181"));
    assertFalse(RestCatalogServer.loopbackName("127.0.0.1.evil.example.com"));
    assertFalse(RestCatalogServer.loopbackName(null));
  }

  @Test
  void clientDefaultsNeverCarryKeys() {
    Map<String, String> d = RestCatalogServer.clientDefaults(Map.of("s3.endpoint", "http://127.0.0.1:9000",
        "s3.access-key-id", "k", "s3.secret-access-key", "s", "client.region", "eu-west-1", "uri", "jdbc:x"));
    assertEquals(Map.of("s3.endpoint", "http://127.0.0.1:9000", "client.region", "eu-west-1"), d);
  }
}
