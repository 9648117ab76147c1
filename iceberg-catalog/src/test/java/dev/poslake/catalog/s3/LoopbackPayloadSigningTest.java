package dev.poslake.catalog.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.CatalogFactory;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.testing.EmbeddedS3Only;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;

class LoopbackPayloadSigningTest {
  @Test
  void onlyPlainHttpToLoopbackSkipsThePayloadHash() {
    for (String yes : List.of("http://127.0.0.1:9000", "http://localhost:9000/", "http://127.0.0.2:1",
        "http://[::1]:9000")) {
      assertTrue(LoopbackPayloadSigning.applies(yes), yes);
    }
    for (String no : List.of("", " ", "https://127.0.0.1:9000", "http://10.0.0.7:9000", "http://s3.example.com:9000",
        "http://127.0.0.1", "http://127.0.0.1:80", "http://localhost.example.com:9000", "not a uri")) {
      assertFalse(LoopbackPayloadSigning.applies(no), no);
    }
  }

  @Test
  void requestsToTheEmbeddedS3StaySignedButTheirBodiesAreNeitherHashedNorChunked() throws Exception {
    try (EmbeddedS3Only s3 = EmbeddedS3Only.start()) {
      PosConfig c = s3.config();
      String endpoint = c.get(PosSettings.S3_ENDPOINT);
      String bucket = c.get(PosSettings.S3_BUCKET);
      List<String> payloadHashes = new CopyOnWriteArrayList<>();
      List<String> encodings = new CopyOnWriteArrayList<>();
      byte[] body = new byte[3 << 20]; // several SDK chunks
      new Random(7).nextBytes(body);
      try (S3Client client = client(c, c.get(PosSettings.S3_SECRET_ACCESS_KEY), payloadHashes, encodings)) {
        client.putObject(r -> r.bucket(bucket).key("t/object.bin"), RequestBody.fromBytes(body));
        assertArrayEquals(body, client.getObjectAsBytes(r -> r.bucket(bucket).key("t/object.bin")).asByteArray());
      }
      // one plain body: no per-chunk signatures, and no checksum trailer (which would make it aws-chunked)
      assertEquals(List.of("UNSIGNED-PAYLOAD"), payloadHashes);
      assertEquals(List.of("-"), encodings);

      // the request itself is still signed: a wrong secret is refused
      try (S3Client wrong = client(c, "not-the-secret", new ArrayList<>(), new ArrayList<>())) {
        S3Exception e = assertThrows(S3Exception.class,
            () -> wrong.putObject(r -> r.bucket(bucket).key("t/other.bin"), RequestBody.fromBytes(body)));
        assertEquals(403, e.statusCode());
      }

      // and Iceberg's S3FileIO, as the catalog configures it, writes and reads through the same signer
      try (S3FileIO io = new S3FileIO()) {
        io.initialize(CatalogFactory.catalogProperties(c));
        OutputFile out = io.newOutputFile("s3://" + bucket + "/t/iceberg.bin");
        try (PositionOutputStream stream = out.createOrOverwrite()) {
          stream.write(body);
        }
        InputFile in = io.newInputFile("s3://" + bucket + "/t/iceberg.bin");
        assertEquals(body.length, in.getLength());
        try (var stream = in.newStream()) {
          assertArrayEquals(body, stream.readAllBytes());
        }
      }
      assertTrue(LoopbackPayloadSigning.applies(endpoint), endpoint);
    }
  }

  private static S3Client client(PosConfig c, String secret, List<String> payloadHashes, List<String> encodings) {
    S3ClientBuilder b = S3Client.builder().region(Region.of(c.get(PosSettings.S3_REGION)))
        .endpointOverride(URI.create(c.get(PosSettings.S3_ENDPOINT))).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(c.get(PosSettings.S3_ACCESS_KEY_ID), secret)))
        .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (!"GET".equals(context.httpRequest().method().name())) {
              payloadHashes.add(context.httpRequest().firstMatchingHeader("x-amz-content-sha256").orElse("-"));
              encodings.add(context.httpRequest().firstMatchingHeader("Content-Encoding").orElse("-"));
            }
          }
        }));
    LoopbackPayloadSigning.apply(b, c.get(PosSettings.S3_ENDPOINT));
    return b.build();
  }

  @Test
  void theCatalogUsesTheFactoryOnlyForAnS3Warehouse() {
    Map<String, String> s3 = CatalogFactory.catalogProperties(PosConfig.of(Map.of()));
    assertEquals(PosS3ClientFactory.class.getName(), s3.get("s3.client-factory-impl"));
    Map<String, String> local = CatalogFactory.catalogProperties(
        PosConfig.of(Map.of(PosSettings.ICEBERG_CATALOG_WAREHOUSE.key(), "/tmp/wh")));
    assertFalse(local.containsKey("s3.client-factory-impl"));
  }
}
