package dev.poslake.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spark 4.1 (local[1], in this JVM) with the Iceberg runtime reads the tables of a real `./pos up`, configured
 * exactly as docs/engines.md says (JDBC on the SQLite file, and the embedded REST catalog), and must see what
 * `./pos table` prints: per-store counts and sums, every gold row, a time-travel read, the silver changes. Gold's
 * merge-on-read commits leave position deletes, which Spark must apply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkReadsPipelineTablesTest {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final String GOLD = "pos.pos.current_inventory";

  Path work;
  Path dataDir;
  int restPort;
  PosCli pos;
  EnginesDoc doc;
  Instant betweenRuns;
  List<String[]> goldNow;
  List<String[]> goldBetween;
  List<String[]> changes;

  @BeforeAll
  void startPipeline() throws Exception {
    doc = new EnginesDoc(REPO.resolve("docs/engines.md"));
    work = Files.createDirectories(Path.of("target", "interop").toAbsolutePath()
        .resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())));
    dataDir = work.resolve("data");
    try (ServerSocket s = new ServerSocket(0)) {
      restPort = s.getLocalPort();
    }
    pos = new PosCli(REPO, work, Map.of("POS_DATA_DIR", dataDir.toString(), "POS_OPS_PORT", "0",
        "POS_CATALOG_REST_PORT", Integer.toString(restPort)));
    pos.up(900, "--paused"); // the first `./pos` builds the app; paused: nothing writes while Spark compares
    pos.run(600, "generate", "--once");
    pos.run(600, "etl", "--once");
    Thread.sleep(1500);
    betweenRuns = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Thread.sleep(1500);
    pos.run(600, "generate", "--once");
    pos.run(600, "etl", "--once"); // few changes per store: position deletes plus a small file of new rows
    goldNow = Csv.parse(pos.run(600, "table", "current_inventory", "--format", "csv"));
    goldBetween = Csv.parse(pos.run(600, "table", "current_inventory", "--as-of", betweenRuns.toString(),
        "--format", "csv"));
    changes = Csv.parse(pos.run(600, "table", "inventory_change", "--format", "csv"));
    assertNotEquals(Csv.perStore(goldNow, "current_inventory"), Csv.perStore(goldBetween, "current_inventory"),
        "the second ETL run changed no gold row: the time-travel check would prove nothing");
  }

  @AfterAll
  void stopPipeline() throws Exception {
    if (pos != null) pos.close();
  }

  @Test
  void docsNameTheVersionsTheCheckRuns() throws Exception {
    String iceberg = System.getProperty("interop.iceberg.version");
    String spark = org.apache.spark.package$.MODULE$.SPARK_VERSION();
    String sparkMinor = spark.substring(0, spark.lastIndexOf('.'));
    String runtime = "org.apache.iceberg:iceberg-spark-runtime-" + sparkMinor + "_2.13:" + iceberg;
    String aws = "org.apache.iceberg:iceberg-aws-bundle:" + iceberg;
    assertEquals(List.of(runtime, aws, "org.xerial:sqlite-jdbc:" + System.getProperty("interop.sqlite.version")),
        doc.sparkOptions("SPARK_POS", stackEnv()).packages());
    assertEquals(List.of(runtime, aws), doc.sparkOptions("SPARK_POS_REST", stackEnv()).packages());
    assertTrue(doc.text().contains("Spark " + spark + " (Scala 2.13)"), "docs/engines.md names Spark " + spark);
  }

  @Test
  void sparkWithTheJdbcCatalogReadsWhatPosPrints() throws Exception {
    check("SPARK_POS");
  }

  @Test
  void sparkWithTheRestCatalogReadsWhatPosPrints() throws Exception {
    check("SPARK_POS_REST");
    try (SparkSession spark = session("SPARK_POS_REST")) {
      List<String> tables = spark.sql(doc.sparkSqlQuery("SPARK_POS_REST")).collectAsList().stream()
          .map(r -> r.getString(1)).toList();
      assertTrue(tables.contains("current_inventory") && tables.contains("inventory_change"), tables.toString());
    }
  }

  @Test
  void sparkSubmitWithTheDocsOptionsFetchesThePackagesAndReadsWhatPosPrints() throws Exception {
    String out = SparkSubmit.run(doc, "SPARK_POS", stackEnv(), work, doc.sparkSqlQuery("SPARK_POS"));
    Map<Integer, List<Long>> perStore = new TreeMap<>();
    out.lines().filter(l -> !l.isBlank()).map(l -> l.split(",")).forEach(f ->
        perStore.put(Integer.parseInt(f[0]), List.of(Long.parseLong(f[1]), Long.parseLong(f[2]))));
    assertEquals(Csv.perStore(goldNow, "current_inventory"), perStore, "spark-submit: per-store count and sum");
  }

  private void check(String recipe) throws Exception {
    try (SparkSession spark = session(recipe)) {
      // the doc's own query: per store, items and units
      Map<Integer, List<Long>> perStore = perStore(spark.sql(doc.sparkSqlQuery("SPARK_POS")).collectAsList());
      assertEquals(Csv.perStore(goldNow, "current_inventory"), perStore, recipe + ": per-store count and sum");

      Set<String> rows = new HashSet<>();
      List<Row> all = spark.sql("SELECT store_id, item_id, current_inventory FROM " + GOLD).collectAsList();
      all.forEach(r -> rows.add(r.get(0) + "," + r.get(1) + "," + r.get(2)));
      assertEquals(all.size(), rows.size(), recipe + ": a (store, item) read twice: a position delete not applied");
      assertEquals(Csv.keys(goldNow), rows, recipe + ": gold rows");

      long positionDeleteFiles = spark.sql("SELECT count(*) FROM " + GOLD + ".delete_files WHERE content = 1")
          .first().getLong(0);
      long rowsInDataFiles = spark.sql("SELECT sum(record_count) FROM " + GOLD + ".data_files").first().getLong(0);
      assertTrue(positionDeleteFiles > 0, recipe + ": gold has no position delete file: nothing was checked");
      assertTrue(rowsInDataFiles > all.size(), recipe + ": data files hold " + rowsInDataFiles + " rows, the table "
          + all.size() + ": the deletes must remove some");

      String asOf = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC).format(betweenRuns);
      Map<Integer, List<Long>> past = perStore(spark.sql("SELECT store_id, count(*), sum(current_inventory) FROM "
          + GOLD + " TIMESTAMP AS OF '" + asOf + "' GROUP BY store_id").collectAsList());
      assertEquals(Csv.perStore(goldBetween, "current_inventory"), past, recipe + ": time travel to " + asOf);

      Map<Integer, List<Long>> silver = perStore(spark.sql("SELECT store_id, count(*), sum(quantity) FROM "
          + "pos.pos.inventory_change GROUP BY store_id").collectAsList());
      assertEquals(Csv.perStore(changes, "quantity"), silver, recipe + ": inventory_change per store");
    }
  }

  private SparkSession session(String recipe) throws Exception {
    SparkSession.Builder b = SparkSession.builder().master("local[1]").appName("poslake-interop")
        // this JVM's Spark, not the recipe's: no UI, loopback, UTC for TIMESTAMP AS OF, few shuffle partitions
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.local.dir", work.resolve("spark-local").toString());
    doc.sparkOptions(recipe, stackEnv()).conf().forEach(b::config);
    return b.getOrCreate();
  }

  /** What the doc's shell blocks read: the data dir and the REST catalog's port. */
  private Map<String, String> stackEnv() {
    return Map.of("POS_DATA_DIR", dataDir.toString(), "POS_CATALOG_REST_PORT", Integer.toString(restPort));
  }

  private static Map<Integer, List<Long>> perStore(List<Row> rows) {
    Map<Integer, List<Long>> m = new TreeMap<>();
    for (Row r : rows) m.put(((Number) r.get(0)).intValue(), List.of(r.getLong(1), ((Number) r.get(2)).longValue()));
    return m;
  }
}
