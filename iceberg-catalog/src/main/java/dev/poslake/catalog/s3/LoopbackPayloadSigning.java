package dev.poslake.catalog.s3;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * SigV4 for an S3 endpoint on this machine's loopback over plain HTTP, without hashing or checksumming the payload:
 * requests stay signed (the embedded server checks every one against its keys), bodies go out as plain
 * {@code UNSIGNED-PAYLOAD} with their length, as one piece.
 *
 * <p>Why no hash: over plain HTTP the SDK signs every payload chunk with SHA-256 and the server hashes it again to
 * check. On a one-shot JVM (C1 only, where SHA-256 runs at about 150 MB/s instead of 1.7 GB/s) that was a fifth of
 * the CPU of {@code pos etl --once}. Why no checksum trailer (the SDK's default CRC32 for uploads): it makes every
 * body an {@code aws-chunked} stream, for which the SDK allocates a 128 KiB chunk buffer per request and the server
 * decodes the framing; the gold merge of many stores writes two files of a few KiB per store, and those buffers were
 * 5% of its CPU (`perf`, 1,000 stores touched). Loopback traffic can be neither read nor altered by anyone who could
 * not read the data dir anyway, so hash and checksum protect nothing there; any other endpoint keeps both.
 */
public final class LoopbackPayloadSigning {
  /** The S3 client option: pass the builder of a client for {@code endpoint} (a blank endpoint: AWS, untouched). */
  public static void apply(S3ClientBuilder builder, String endpoint) {
    if (applies(endpoint)) {
      builder.putAuthScheme(new Scheme());
      // checksums only where an operation requires one (DeleteObjects): uploads go out without a trailer
      builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
    }
  }

  /** True for {@code http://} to a loopback address literal or {@code localhost}, on a port other than 80. */
  public static boolean applies(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) return false;
    URI uri;
    try {
      uri = URI.create(endpoint.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    // port 80 would be written into the Host header of an https request but not of an http one: the signatures
    // would differ, so it keeps the payload hash
    boolean plainHttp = "http".equalsIgnoreCase(uri.getScheme());
    if (!plainHttp || uri.getHost() == null || uri.getPort() <= 0 || uri.getPort() == 80) return false;
    String host = uri.getHost();
    if (host.equalsIgnoreCase("localhost")) return true;
    if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) return false; // a name: never resolved here
    try {
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private LoopbackPayloadSigning() {}

  /** Replaces the client's SigV4 scheme: same id and credentials, the signer below. */
  private static final class Scheme implements AuthScheme<AwsCredentialsIdentity> {
    private final HttpSigner<AwsCredentialsIdentity> signer = new Signer(AwsV4HttpSigner.create());

    @Override
    public String schemeId() {
      return AwsV4AuthScheme.SCHEME_ID;
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
      return providers.identityProvider(AwsCredentialsIdentity.class);
    }

    @Override
    public HttpSigner<AwsCredentialsIdentity> signer() {
      return signer;
    }
  }

  /**
   * Signs as if the request went over HTTPS (the scheme is not part of what SigV4 signs: method, path, query,
   * headers), then restores the scheme. The SDK's own signer does everything else.
   */
  private record Signer(HttpSigner<AwsCredentialsIdentity> delegate) implements HttpSigner<AwsCredentialsIdentity> {
    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
      SdkHttpRequest http = request.request();
      SignedRequest signed = delegate.sign(request.copy(b -> b.request(https(http))));
      return signed.copy(b -> b.request(signed.request().toBuilder().protocol(http.protocol()).build()));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
      SdkHttpRequest http = request.request();
      return delegate.signAsync(request.copy(b -> b.request(https(http)))).thenApply(signed ->
          signed.copy(b -> b.request(signed.request().toBuilder().protocol(http.protocol()).build())));
    }

    private static SdkHttpRequest https(SdkHttpRequest http) {
      return http.toBuilder().protocol("https").port(http.port()).build();
    }
  }
}
