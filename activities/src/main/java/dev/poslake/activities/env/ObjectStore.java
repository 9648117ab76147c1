package dev.poslake.activities.env;

import dev.poslake.catalog.s3.LoopbackPayloadSigning;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import java.io.Closeable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The pipeline's bucket: reference files, snapshot files, generator state. Keys are relative to the bucket. */
public final class ObjectStore implements Closeable {
  private final S3Client s3;
  private final String bucket;

  public ObjectStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  public static ObjectStore open(PosConfig config) {
    return new ObjectStore(client(config), config.get(PosSettings.S3_BUCKET));
  }

  public static S3Client client(PosConfig config) {
    S3ClientBuilder b = S3Client.builder().region(Region.of(config.get(PosSettings.S3_REGION)));
    String endpoint = config.get(PosSettings.S3_ENDPOINT);
    if (!endpoint.isBlank()) {
      b.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
      LoopbackPayloadSigning.apply(b, endpoint);
    }
    String key = config.get(PosSettings.S3_ACCESS_KEY_ID);
    if (!key.isBlank()) {
      b.credentialsProvider(StaticCredentialsProvider.create(
          AwsBasicCredentials.create(key, config.get(PosSettings.S3_SECRET_ACCESS_KEY))));
    } else {
      b.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return b.build();
  }

  public String bucket() { return bucket; }
  public S3Client s3() { return s3; }

  public void put(String key, byte[] bytes) {
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  public void put(String key, Path file) {
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(file));
  }

  /** Streams an object; the caller closes the stream. */
  public ResponseInputStream<GetObjectResponse> open(String key) {
    return s3.getObject(r -> r.bucket(bucket).key(key));
  }

  public Optional<byte[]> getIfExists(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  public Optional<HeadObjectResponse> head(String key) {
    try {
      return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) return Optional.empty();
      throw e;
    }
  }

  /** All objects under a prefix, in key order, fetched page by page. */
  public Stream<S3Object> list(String prefix) {
    return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream();
  }

  @Override
  public void close() {
    s3.close();
  }
}
