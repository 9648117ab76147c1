package dev.poslake.catalog.s3;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeParams;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;

/**
 * Where a request to an S3 endpoint on loopback goes and how it is signed, without the SDK's endpoint rules: a
 * path-style URL (the endpoint, then the bucket) and SigV4 for service {@code s3} with S3's signer settings, the
 * values the SDK's rules give for such an endpoint ({@code LoopbackRoutingTest} compares them).
 *
 * <p>Why: the SDK evaluates S3's endpoint rules (regions, FIPS, dual-stack, access points, S3 Express, ...) twice per
 * request, once for the endpoint and once for the auth scheme. That costs microseconds once compiled, but the
 * rules are one very large method: in a fresh worker, the optimizing compiler spent about 1.9 s on
 * {@code resolveAuthScheme} alone during a gold merge touching 1,000 stores, on the same two cores as the merge.
 * A bucket or setting the rules would treat differently (an ARN, FIPS, dual-stack, acceleration, S3 Express, no
 * bucket) still goes through the SDK's rules.
 */
final class LoopbackRouting {
  /** Bucket names that need no encoding in a URL path (S3's naming rules allow only these characters). */
  private static final Pattern PLAIN_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]*");

  private static final S3EndpointProvider RULES = S3EndpointProvider.defaultProvider();
  private static final S3AuthSchemeProvider RULES_AUTH = S3AuthSchemeProvider.defaultProvider();

  private LoopbackRouting() {}

  /** Sets the two providers on a client whose endpoint is on loopback (see {@link LoopbackS3#applies}). */
  static void apply(S3ClientBuilder builder) {
    builder.endpointProvider(LoopbackRouting::endpoint);
    builder.authSchemeProvider(LoopbackRouting::authSchemes);
  }

  static CompletableFuture<Endpoint> endpoint(S3EndpointParams p) {
    if (!plain(p.bucket(), p.endpoint(), p.forcePathStyle(), p.useFips(), p.useDualStack(), p.accelerate(),
        p.useObjectLambdaEndpoint(), p.useS3ExpressControlEndpoint())) {
      return RULES.resolveEndpoint(p);
    }
    URI base = URI.create(p.endpoint());
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    String url = base.getScheme() + "://" + base.getRawAuthority() + (path.endsWith("/") ? path : path + "/")
        + p.bucket();
    return CompletableFuture.completedFuture(Endpoint.builder().url(URI.create(url)).build());
  }

  static List<AuthSchemeOption> authSchemes(S3AuthSchemeParams p) {
    if (!plain(p.bucket(), p.endpoint(), p.forcePathStyle(), p.useFips(), p.useDualStack(), p.accelerate(),
        p.useObjectLambdaEndpoint(), p.useS3ExpressControlEndpoint())) {
      return RULES_AUTH.resolveAuthScheme(p);
    }
    // S3's signer settings: the path is signed as sent, the payload is not signed over HTTPS (the loopback signer
    // signs as HTTPS), and uploads may be chunked where a checksum trailer is added
    AuthSchemeOption.Builder sigV4 = AuthSchemeOption.builder()
        .schemeId(AwsV4AuthScheme.SCHEME_ID)
        .putSignerProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putSignerProperty(AwsV4HttpSigner.REGION_NAME, p.region().id())
        .putSignerProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putSignerProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putSignerProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false);
    if ("PutObject".equals(p.operation()) || "UploadPart".equals(p.operation())) {
      sigV4.putSignerProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true);
    }
    return List.of(sigV4.build());
  }

  /** A named bucket, path-style, on a given endpoint, with none of the settings that change the routing. */
  private static boolean plain(String bucket, String endpoint, Boolean pathStyle, Boolean... unsupported) {
    if (bucket == null || endpoint == null || !Boolean.TRUE.equals(pathStyle)) return false;
    if (!PLAIN_BUCKET.matcher(bucket).matches()) return false;
    for (Boolean b : unsupported) {
      if (Boolean.TRUE.equals(b)) return false;
    }
    return true;
  }
}
