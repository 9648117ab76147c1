package dev.poslake.embedded;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** A real S3-API server (s3proxy, filesystem backend: a bucket is a sub-directory of {@code dir}). */
public final class EmbeddedS3 implements AutoCloseable {
  private final S3Proxy proxy;
  private final String endpoint;

  private EmbeddedS3(S3Proxy proxy, String endpoint) {
    this.proxy = proxy;
    this.endpoint = endpoint;
  }

  /** @param accessKey and {@code secretKey}: the keys clients must sign with (SigV2/SigV4) */
  public static EmbeddedS3 start(Path dir, String bucket, String accessKey, String secretKey) throws Exception {
    return start(dir, bucket, accessKey, secretKey, null, null);
  }

  /**
   * Over HTTPS only, with the certificate in a key store (for tests of the TLS path: S3 behind a private CA).
   *
   * @param keyStore JKS or PKCS12 key store with the server certificate for 127.0.0.1; null: plain HTTP
   */
  public static EmbeddedS3 start(Path dir, String bucket, String accessKey, String secretKey, Path keyStore,
      String keyStorePassword) throws Exception {
    Files.createDirectories(dir.resolve(bucket)); // the filesystem backend's bucket is a directory
    int port = FreePort.pick();
    String endpoint = (keyStore == null ? "http" : "https") + "://127.0.0.1:" + port;
    S3Proxy.Builder builder = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(dir.toString()))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey);
    if (keyStore == null) {
      builder.endpoint(URI.create(endpoint));
    } else {
      builder.secureEndpoint(URI.create(endpoint)).keyStore(keyStore.toString(), keyStorePassword);
    }
    S3Proxy proxy = builder.build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("s3proxy did not start");
      Thread.sleep(10);
    }
    return new EmbeddedS3(proxy, endpoint);
  }

  public String endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws Exception {
    proxy.stop(); // its Jetty threads are non-daemon: without this the JVM never exits
  }
}
