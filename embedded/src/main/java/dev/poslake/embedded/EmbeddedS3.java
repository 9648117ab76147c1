package dev.poslake.embedded;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** A real S3-API server (s3proxy, filesystem backend: a bucket is a sub-directory of {@code dir}). */
public final class EmbeddedS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "poslake";
  public static final String SECRET_KEY = "poslake-secret";

  private final S3Proxy proxy;
  private final String endpoint;

  private EmbeddedS3(S3Proxy proxy, String endpoint) {
    this.proxy = proxy;
    this.endpoint = endpoint;
  }

  public static EmbeddedS3 start(Path dir, String bucket) throws Exception {
    Files.createDirectories(dir.resolve(bucket)); // the filesystem backend's bucket is a directory
    int port = FreePort.pick();
    String endpoint = "http://127.0.0.1:" + port;
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(dir.toString()))
        .endpoint(URI.create(endpoint))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
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
