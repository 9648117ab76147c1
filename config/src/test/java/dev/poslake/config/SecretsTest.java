package dev.poslake.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void secretSettingsAreMaskedByName() {
    assertEquals(Map.of("s3.secret-access-key", Secrets.MASK, "sasl.jaas.config", Secrets.MASK,
        "kafka.client.ssl.keystore.password", Secrets.MASK, "temporal.api-key", Secrets.MASK,
        "kafka.bootstrap.servers", "b-1:9098"), Secrets.redact(Map.of("s3.secret-access-key", "abc",
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"x\";",
        "kafka.client.ssl.keystore.password", "p", "temporal.api-key", "k", "kafka.bootstrap.servers", "b-1:9098")));
  }

  @Test
  void credentialsInUrisAreMasked() {
    assertEquals("jdbc:postgresql://pos:****@db:5432/pos?user=pos&password=****&ssl=true",
        Secrets.redactUris("jdbc:postgresql://pos:hunter2@db:5432/pos?user=pos&password=hunter2&ssl=true"));
    assertEquals("jdbc:mysql://db/pos;user=a;password=****", Secrets.redactUris("jdbc:mysql://db/pos;user=a;password=b"));
    assertEquals("https://catalog:8181/v1?token=****", Secrets.redactUris("https://catalog:8181/v1?token=t0k"));
    assertEquals("jdbc:sqlite:/data/catalog.db", Secrets.redactUris("jdbc:sqlite:/data/catalog.db"));
    assertEquals("http://127.0.0.1:9000", Secrets.redact("s3.endpoint", "http://127.0.0.1:9000"));
  }
}
