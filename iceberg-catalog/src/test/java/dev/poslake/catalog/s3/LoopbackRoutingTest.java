package dev.poslake.catalog.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.http.auth.spi.signer.SignerProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeParams;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;

/** The loopback providers answer what the SDK's own rules answer, for every request this product makes. */
class LoopbackRoutingTest {
  private static final List<String> ENDPOINTS = List.of("http://127.0.0.1:9000", "http://localhost:38123/",
      "http://[::1]:9000", "http://127.0.0.1:9000/prefix");
  private static final List<String> BUCKETS = List.of("poslake", "pos.lake-2", "a1");
  private static final List<String> KEYS = List.of("warehouse/pos/current_inventory/data/store_id=7/x.parquet",
      "recounts/store 1/ä+b.csv", "");
  private static final List<String> OPERATIONS = List.of("PutObject", "GetObject", "HeadObject", "DeleteObject",
      "DeleteObjects", "ListObjectsV2", "UploadPart", "CreateMultipartUpload", "CompleteMultipartUpload",
      "AbortMultipartUpload", "CopyObject", "HeadBucket", "CreateBucket");
  private static final List<SignerProperty<?>> SIGNER_PROPERTIES = List.of(AwsV4HttpSigner.SERVICE_SIGNING_NAME,
      AwsV4HttpSigner.REGION_NAME, AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, AwsV4FamilyHttpSigner.NORMALIZE_PATH,
      AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED);

  @Test
  void endpointsAreTheRulesPathStyleUrls() {
    S3EndpointProvider rules = S3EndpointProvider.defaultProvider();
    int compared = 0;
    for (String endpoint : ENDPOINTS) {
      for (String bucket : BUCKETS) {
        for (String key : KEYS) {
          for (Region region : List.of(Region.US_EAST_1, Region.EU_WEST_3)) {
            S3EndpointParams p = S3EndpointParams.builder().bucket(bucket).key(key).region(region)
                .endpoint(endpoint).forcePathStyle(true).build();
            Endpoint expected = rules.resolveEndpoint(p).join();
            assertEquals(expected.url(), LoopbackRouting.endpoint(p).join().url(), p.toString());
            assertEquals(expected.headers(), LoopbackRouting.endpoint(p).join().headers(), p.toString());
            compared++;
          }
        }
      }
    }
    assertEquals(ENDPOINTS.size() * BUCKETS.size() * KEYS.size() * 2, compared);
  }

  @Test
  void authSchemesAreTheRulesSigV4Settings() {
    S3AuthSchemeProvider rules = S3AuthSchemeProvider.defaultProvider();
    for (String endpoint : ENDPOINTS) {
      for (String operation : OPERATIONS) {
        for (Region region : List.of(Region.US_EAST_1, Region.EU_WEST_3)) {
          S3AuthSchemeParams p = S3AuthSchemeParams.builder().operation(operation).bucket("poslake")
              .key("k/v.parquet").region(region).endpoint(endpoint).forcePathStyle(true).build();
          assertEquals(describe(rules.resolveAuthScheme(p)), describe(LoopbackRouting.authSchemes(p)),
              operation + " " + endpoint + " " + region);
        }
      }
    }
  }

  @Test
  void whatTheRulesTreatDifferentlyGoesThroughThem() {
    S3EndpointProvider rules = S3EndpointProvider.defaultProvider();
    S3EndpointParams base = S3EndpointParams.builder().bucket("poslake").key("k").region(Region.US_EAST_1)
        .endpoint("http://127.0.0.1:9000").forcePathStyle(true).build();
    List<S3EndpointParams> special = List.of(
        base.toBuilder().bucket(null).build(),
        base.toBuilder().forcePathStyle(false).build(),
        base.toBuilder().bucket("Upper_Case").build(),
        base.toBuilder().useDualStack(true).build());
    for (S3EndpointParams p : special) {
      String expected;
      try {
        expected = rules.resolveEndpoint(p).join().url().toString();
      } catch (RuntimeException e) {
        expected = "error";
      }
      String actual;
      try {
        actual = LoopbackRouting.endpoint(p).join().url().toString();
      } catch (RuntimeException e) {
        actual = "error";
      }
      assertEquals(expected, actual, p.toString());
    }
    assertFalse(LoopbackS3.applies("https://127.0.0.1:9000"));
  }

  /** An option as comparable text: its scheme and the SigV4 settings it sets. */
  private static List<String> describe(List<AuthSchemeOption> options) {
    return options.stream().map(o -> {
      Map<String, Object> set = new TreeMap<>();
      for (SignerProperty<?> property : SIGNER_PROPERTIES) {
        Object value = o.signerProperty(property);
        if (value != null) set.put(property.toString(), value);
      }
      return o.schemeId() + " " + set;
    }).toList();
  }
}
