package dev.poslake.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosConfigTest {

  @Test
  void defaultsMeanTheEmbeddedStack() {
    PosConfig c = PosConfig.of(Map.of());
    assertTrue(c.embeddedKafka());
    assertTrue(c.embeddedS3());
    assertTrue(c.embeddedTemporal());
    assertEquals("pos.inventory_change", c.get(PosSettings.KAFKA_TOPIC));
    assertEquals(8, c.get(PosSettings.KAFKA_PARTITIONS));
  }

  @Test
  void environmentWinsOverFileAndExplicitWinsOverEnvironment(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pos.properties");
    Files.writeString(file, "kafka.bootstrap.servers=file:9092\ngenerator.seed=1\n");
    PosConfig c = PosConfig.load(file, Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "POS_GENERATOR_SEED", "2"),
        Map.of("generator.seed", "3"));
    assertEquals("env:9092", c.get(PosSettings.KAFKA_BOOTSTRAP_SERVERS));
    assertEquals(3L, c.get(PosSettings.GENERATOR_SEED));
    assertFalse(c.embeddedKafka());
  }

  @Test
  void kafkaAndCatalogPassThroughVariables() {
    PosConfig c = PosConfig.load(null, Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "KAFKA_SASL_MECHANISM", "AWS_MSK_IAM", "ICEBERG_CATALOG_TYPE", "rest",
        "ICEBERG_CATALOG_CREDENTIAL", "id:secret"), Map.of());
    assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "AWS_MSK_IAM"),
        c.kafkaClientProperties());
    assertEquals("rest", c.get(PosSettings.ICEBERG_CATALOG_TYPE));
    assertEquals(Map.of("credential", "id:secret"), c.extraCatalogProperties());
  }

  @Test
  void aSetBucketWithoutEndpointMeansAwsS3() {
    assertFalse(PosConfig.load(null, Map.of("S3_BUCKET", "my-lake"), Map.of()).embeddedS3());
  }

  @Test
  void badValuesFailAtLoadNamingTheSetting() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> PosConfig.load(null, Map.of("POS_GENERATOR_SPEED", "-1"), Map.of()));
    assertTrue(e.getMessage().contains("generator.speed"), e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> PosConfig.load(null, Map.of("ICEBERG_CATALOG_TYPE", "hive"), Map.of()));
    assertTrue(e.getMessage().contains("iceberg.catalog.type") && e.getMessage().contains("jdbc, rest"),
        e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> PosConfig.load(Path.of("/nonexistent/pos.properties"), Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("/nonexistent/pos.properties"), e.getMessage());
  }

  @Test
  void goldBucketsMustDivideGoldsTablePartitions() {
    assertEquals(16, PosConfig.load(null, Map.of("POS_GOLD_BUCKETS", "16"), Map.of()).get(PosSettings.GOLD_BUCKETS));
    ConfigException e = assertThrows(ConfigException.class,
        () -> PosConfig.load(null, Map.of("POS_GOLD_BUCKETS", "12"), Map.of()));
    assertTrue(e.getMessage().contains("etl.gold-buckets") && e.getMessage().contains("1, 2, 4, 8, 16, 32, 64"),
        e.getMessage());
  }

  @Test
  void temporalUiUrlIsAnHttpAddressOrEmpty() {
    assertEquals("", PosConfig.of(Map.of()).get(PosSettings.TEMPORAL_UI_URL));
    assertEquals("http://localhost:8233", PosConfig.load(null, Map.of("TEMPORAL_UI_URL", "http://localhost:8233/"),
        Map.of()).get(PosSettings.TEMPORAL_UI_URL), "a trailing slash is dropped: links append /namespaces/...");
    for (String bad : new String[] {"localhost:8233", "ftp://host", "http://host/?x=1", "http://exa mple"}) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> PosConfig.load(null, Map.of("TEMPORAL_UI_URL", bad), Map.of()), bad);
      assertTrue(e.getMessage().contains("TEMPORAL_UI_URL") && e.getMessage().contains("http://localhost:8233"),
          e.getMessage());
    }
  }

  @Test
  void everySettingIsDocumentedInTheReadme() throws IOException {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme);
    for (Setting<?> s : PosSettings.all()) {
      assertTrue(text.contains("`" + s.envVar() + "`") && text.contains("`" + s.key() + "`"),
          "README.md lacks setting " + s.key() + " / " + s.envVar());
    }
  }
}
