package dev.poslake.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every setting of the product, with its environment variable, default and documentation — the single place
 * to look them up (the README's configuration table is generated from the same text). Empty defaults for
 * endpoints mean "start the embedded server".
 */
public final class PosSettings {
  private static final List<Setting<?>> ALL = new ArrayList<>();

  public static final Setting<String> DATA_DIR = string("data.dir", "POS_DATA_DIR", "./data",
      "Directory holding the embedded stack's state (Kafka log, S3 files, Iceberg catalog).");

  // --- Kafka
  public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = string("kafka.bootstrap.servers",
      "KAFKA_BOOTSTRAP_SERVERS", "",
      "Kafka bootstrap servers. Empty: start the embedded KRaft broker. Any other KAFKA_<NAME> env var becomes "
          + "the Kafka client property <name> (e.g. KAFKA_SECURITY_PROTOCOL=SSL -> security.protocol).");
  public static final Setting<String> KAFKA_TOPIC = string("kafka.topic", "POS_KAFKA_TOPIC",
      "pos.inventory_change", "Topic of the POS transactions.");
  public static final Setting<Integer> KAFKA_PARTITIONS = positiveInt("kafka.topic.partitions",
      "POS_KAFKA_PARTITIONS", "8", "Partitions of the topic when the project creates it.");

  // --- S3
  public static final Setting<String> S3_ENDPOINT = string("s3.endpoint", "S3_ENDPOINT", "",
      "S3 API endpoint (e.g. http://minio:9000). Empty and no S3_BUCKET set: start the embedded S3 server; "
          + "empty with S3_BUCKET set: AWS S3 with the default credential chain.");
  public static final Setting<String> S3_BUCKET = string("s3.bucket", "S3_BUCKET", "pos",
      "Bucket for reference files, snapshot files, generator state and the Iceberg warehouse.");
  public static final Setting<String> S3_REGION = string("s3.region", "AWS_REGION", "us-east-1",
      "Region of the bucket.");
  public static final Setting<String> S3_ACCESS_KEY_ID = string("s3.access-key-id", "S3_ACCESS_KEY_ID", "",
      "Static access key. Empty: the AWS default credential chain.");
  public static final Setting<String> S3_SECRET_ACCESS_KEY = string("s3.secret-access-key",
      "S3_SECRET_ACCESS_KEY", "", "Static secret key (with s3.access-key-id).");

  // --- Iceberg
  public static final Setting<String> ICEBERG_CATALOG_TYPE = choice("iceberg.catalog.type",
      "ICEBERG_CATALOG_TYPE", "jdbc", "Catalog implementation: jdbc (SQLite file in the data dir by default) "
          + "or rest. Any other ICEBERG_CATALOG_<NAME> env var becomes catalog property <name>.", "jdbc", "rest");
  public static final Setting<String> ICEBERG_CATALOG_URI = string("iceberg.catalog.uri", "ICEBERG_CATALOG_URI",
      "", "Catalog URI. Empty with type jdbc: jdbc:sqlite:<data.dir>/catalog.db.");
  public static final Setting<String> ICEBERG_CATALOG_WAREHOUSE = string("iceberg.catalog.warehouse",
      "ICEBERG_CATALOG_WAREHOUSE", "", "Warehouse location. Empty: s3://<s3.bucket>/warehouse.");
  public static final Setting<String> ICEBERG_NAMESPACE = string("iceberg.namespace", "ICEBERG_NAMESPACE", "pos",
      "Namespace of the pipeline's tables.");

  // --- Temporal
  public static final Setting<String> TEMPORAL_ADDRESS = string("temporal.address", "TEMPORAL_ADDRESS", "",
      "Temporal frontend host:port. Empty: start the in-memory Temporal test server. TEMPORAL_NAMESPACE, "
          + "TEMPORAL_API_KEY, TEMPORAL_TLS* and TEMPORAL_PROFILE are read as by the Temporal CLI.");
  public static final Setting<String> TEMPORAL_UI_URL = add(new Setting<>("temporal.ui-url", "TEMPORAL_UI_URL", "",
      "Address of the Temporal Web UI (e.g. http://localhost:8233): each run on the ops page then links to its "
          + "history there. Empty: no such links.", PosSettings::webAddress));
  public static final Setting<String> TEMPORAL_TASK_QUEUE = string("temporal.task-queue", "POS_TASK_QUEUE",
      "pos-pipeline", "Task queue of the pipeline's workflows and activities.");

  public static final Setting<Integer> WORKER_MAX_CONCURRENT_ACTIVITIES = positiveInt(
      "worker.max-concurrent-activities", "POS_WORKER_MAX_ACTIVITIES", "200", "Activities one worker process "
          + "runs at once (`up`, `worker`, `etl --once`, ...); more wait for a free slot, or for another worker. "
          + "Lower it to bound a worker's memory and to spread an ETL run's bronze partitions over several workers.");

  // --- Generator
  public static final Setting<Duration> GENERATOR_INTERVAL = duration("generator.interval",
      "POS_GENERATOR_INTERVAL", "PT2M", "How often the generator runs (ISO-8601 duration).");
  public static final Setting<Double> GENERATOR_SPEED = positiveDouble("generator.speed", "POS_GENERATOR_SPEED",
      "10", "Simulated time runs this many times faster than wall time.");
  public static final Setting<Integer> GENERATOR_TX_PER_HOUR = positiveInt("generator.transactions-per-hour",
      "POS_GENERATOR_TX_PER_HOUR", "600", "Transactions per store per simulated hour.");
  public static final Setting<Long> GENERATOR_SEED = longValue("generator.seed", "POS_GENERATOR_SEED", "42",
      "Random seed: the same seed gives the same transactions.");
  public static final Setting<Integer> GENERATOR_STORES = nonNegativeInt("generator.stores", "POS_GENERATOR_STORES",
      "0", "Physical stores to simulate. 0: the stores of store.txt; more adds store_002, store_003, ...");
  public static final Setting<Duration> GENERATOR_RUN_TIMEOUT = duration("generator.run-timeout",
      "POS_GENERATOR_RUN_TIMEOUT", "PT30M", "Longest a generator run may take (ISO-8601 duration); a run still going "
          + "then is timed out and recorded failed, and the schedule starts the next one at its next slot.");

  // --- ETL
  public static final Setting<Duration> ETL_INTERVAL = duration("etl.interval", "POS_ETL_INTERVAL", "PT5M",
      "How often the ETL runs (ISO-8601 duration).");
  public static final Setting<Duration> ETL_RUN_TIMEOUT = duration("etl.run-timeout", "POS_ETL_RUN_TIMEOUT", "PT1H",
      "Longest an ETL run may take (ISO-8601 duration); a run still going then is timed out and recorded failed, "
          + "and the schedule starts the next one at its next slot.");
  public static final Setting<Integer> ETL_COMPACT_MIN_FILES = positiveInt("etl.compact-min-files",
      "POS_ETL_COMPACT_MIN_FILES", "16", "Compaction threshold: a table partition's small files are rewritten "
          + "into larger ones once it has at least this many.");
  public static final Setting<Integer> ETL_MAX_OFFSETS_PER_PARTITION = positiveInt("etl.max-offsets-per-partition",
      "POS_ETL_MAX_OFFSETS", "20000", "Cap of Kafka records read per partition in one ETL run.");
  public static final Setting<Boolean> ETL_ACCEPT_DATA_LOSS = bool("etl.accept-data-loss",
      "POS_ETL_ACCEPT_DATA_LOSS", "false", "true: Kafka offsets deleted by retention before bronze read them are "
          + "skipped and recorded as lost (pipeline_runs.lost_offsets, /metrics, ops status); false: the ETL stops "
          + "until `pos ops acknowledge-loss`.");
  /**
   * Gold's table partitions, {@code bucket(64, store_id)} (CurrentInventoryTable's spec): the gold step's buckets
   * must divide it.
   */
  public static final int GOLD_TABLE_PARTITIONS = 64;
  public static final Setting<Integer> GOLD_BUCKETS = divisorOf(GOLD_TABLE_PARTITIONS, "etl.gold-buckets",
      "POS_GOLD_BUCKETS", "8",
      "Buckets of stores the gold step fans out to (1, 2, 4, 8, 16, 32 or 64: a divisor of gold's 64 table "
      + "partitions, so that each partition is merged and committed by one bucket): one merge activity per bucket with "
      + "work, spread over the workers, each committing its stores and its own position. 8 matches silver's bucket(8, "
      + "store_id), so a bucket reads one silver bucket; raise it (16, 32) to spread a chain's stores over more "
      + "workers. A change applies from the next run in which all buckets are at the same position.");
  public static final Setting<Integer> ETL_SILVER_GROUP_MIN_BYTES = nonNegativeInt("etl.silver-group-min-bytes",
      "POS_ETL_SILVER_GROUP_MIN_BYTES", "33554432", "Least compressed bronze (bytes) one silver parse activity gets "
          + "(default 32 MiB; a group gets at most 48 MiB): a batch is split into as many groups as that allows, up to "
          + "8. Each group has a fixed cost (about a second of CPU) and duplicates across groups cost a rewrite at the "
          + "commit, so on one small worker fewer, larger groups are faster (1M transactions on 2 cores: 2 groups "
          + "10.4 s, 8 groups 15.9 s); lower it to spread a large batch over more workers. 0: one group per bronze "
          + "file, up to 8 groups.");
  public static final Setting<Integer> CSV_MAX_LINE_LENGTH = intAtLeast(64, "etl.csv-max-line-length",
      "POS_CSV_MAX_LINE_LENGTH", "4096", "Longest recount CSV line read (bytes, at least 64): a longer line is "
          + "rejected as line_too_long without being held in memory, and the rest of the file is ingested.");
  public static final Setting<Integer> OPS_PORT = nonNegativeInt("ops.port", "POS_OPS_PORT", "8080",
      "Port of the ops web page, JSON API and Prometheus /metrics that `up` serves (0: any free port).");
  public static final Setting<String> OPS_HOST = string("ops.host", "POS_OPS_HOST", "127.0.0.1",
      "Address the ops page listens on. Anything but a loopback address needs POS_OPS_TOKEN.");
  public static final Setting<String> OPS_TOKEN = string("ops.token", "POS_OPS_TOKEN", "",
      "Access token of the ops page and API (at least 16 characters): the page asks for it once, API clients and "
          + "Prometheus send `Authorization: Bearer <token>`. Empty: no login, which only a loopback address allows.");
  public static final Setting<String> CATALOG_REST_PORT = add(new Setting<>("catalog.rest.port",
      "POS_CATALOG_REST_PORT", "", "Port on 127.0.0.1 where `up` serves the pipeline's catalog as a read-only Iceberg "
          + "REST catalog for other engines (docs/engines.md); 0: any free port. Empty: not served.", v -> {
        if (!v.isEmpty() && (Integer.parseInt(v) < 0 || Integer.parseInt(v) > 65535)) {
          throw new IllegalArgumentException("must be empty or a port number 0-65535");
        }
        return v;
      }));
  public static final Setting<String> OPS_PUBLIC_NAME = string("ops.public-name", "POS_OPS_PUBLIC_NAME", "",
      "Host names (comma-separated) under which the ops page is reached besides localhost/127.0.0.1, e.g. "
          + "ops.example.com behind a proxy; requests addressed to any other name are refused.");

  private PosSettings() {}

  public static List<Setting<?>> all() {
    return Collections.unmodifiableList(ALL);
  }

  /** Empty, or an http(s) address with a host and no query: a link prefix, without its trailing slash. */
  private static String webAddress(String v) {
    if (v.isEmpty()) return v;
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL (" + e.getReason() + "): use e.g. http://localhost:8233");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("must be an http:// or https:// address with a host and no ?query or "
          + "#fragment, e.g. http://localhost:8233, or empty");
    }
    return v.replaceAll("/+$", "");
  }

  private static <T> Setting<T> add(Setting<T> s) {
    ALL.add(s);
    return s;
  }

  private static Setting<String> string(String key, String env, String dflt, String doc) {
    return add(new Setting<>(key, env, dflt, doc, v -> v));
  }

  private static Setting<String> choice(String key, String env, String dflt, String doc, String... allowed) {
    return add(new Setting<>(key, env, dflt, doc, v -> {
      for (String a : allowed) {
        if (a.equalsIgnoreCase(v)) return a;
      }
      throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
    }));
  }

  private static Setting<Boolean> bool(String key, String env, String dflt, String doc) {
    return add(new Setting<>(key, env, dflt, doc, v -> {
      if (v.equalsIgnoreCase("true")) return true;
      if (v.equalsIgnoreCase("false")) return false;
      throw new IllegalArgumentException("must be true or false");
    }));
  }

  private static Setting<Integer> divisorOf(int n, String key, String env, String dflt, String doc) {
    return add(new Setting<>(key, env, dflt, doc, v -> {
      int i = Integer.parseInt(v);
      if (i < 1 || n % i != 0) {
        StringBuilder allowed = new StringBuilder();
        for (int d = 1; d <= n; d++) if (n % d == 0) allowed.append(allowed.isEmpty() ? "" : ", ").append(d);
        throw new IllegalArgumentException("must divide " + n + ": one of " + allowed);
      }
      return i;
    }));
  }

  private static Setting<Integer> intAtLeast(int min, String key, String env, String dflt, String doc) {
    return add(new Setting<>(key, env, dflt, doc, v -> {
      int i = Integer.parseInt(v);
      if (i < min) throw new IllegalArgumentException("must be >= " + min);
      return i;
    }));
  }

  private static Setting<Integer> positiveInt(String key, String env, String dflt, String doc) {
    return add(new Setting<>(key, env, dflt, doc, v -> requirePositive(Integer.parseInt(v))));
  }

  private static Setting<Integer> nonNegativeInt(String key, String env, String dflt, String doc) {
    return add(new Setting<>(key, env, dflt, doc, v -> {
      int i = Integer.parseInt(v);
      if (i < 0) throw new IllegalArgumentException("must be >= 0");
      return i;
    }));
  }

  private static Setting<Long> longValue(String key, String env, String dflt, String doc) {
    return add(new Setting<>(key, env, dflt, doc, Long::parseLong));
  }

  private static Setting<Double> positiveDouble(String key, String env, String dflt, String doc) {
    return add(new Setting<>(key, env, dflt, doc, v -> {
      double d = Double.parseDouble(v);
      if (!(d > 0) || Double.isInfinite(d)) throw new IllegalArgumentException("must be a positive number");
      return d;
    }));
  }

  private static Setting<Duration> duration(String key, String env, String dflt, String doc) {
    return add(new Setting<>(key, env, dflt, doc, v -> {
      Duration d = Duration.parse(v);
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("must be a positive duration like PT2M");
      return d;
    }));
  }

  private static int requirePositive(int i) {
    if (i <= 0) throw new IllegalArgumentException("must be > 0");
    return i;
  }
}
