package dev.poslake.catalog.s3;

import java.util.Map;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.HttpClientProperties;
import org.apache.iceberg.aws.s3.S3FileIOAwsClientFactory;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3FileIO's client factory ({@code s3.client-factory-impl}): Iceberg's default set-up of the client (region,
 * endpoint, credentials, HTTP client, retries, signer, all from the same catalog properties, in the same order as
 * Iceberg's default factory), plus {@link LoopbackPayloadSigning} for an S3 endpoint on loopback.
 */
public final class PosS3ClientFactory implements S3FileIOAwsClientFactory {
  private AwsClientProperties client;
  private HttpClientProperties http;
  private S3FileIOProperties s3;

  @Override
  public void initialize(Map<String, String> properties) {
    this.client = new AwsClientProperties(properties);
    this.http = new HttpClientProperties(properties);
    this.s3 = new S3FileIOProperties(properties);
  }

  @Override
  public S3Client s3() {
    return S3Client.builder()
        .applyMutation(client::applyClientRegionConfiguration)
        .applyMutation(client::applyLegacyMd5Plugin)
        .applyMutation(http::applyHttpClientConfigurations)
        .applyMutation(s3::applyEndpointConfigurations)
        .applyMutation(s3::applyServiceConfigurations)
        .applyMutation(b -> s3.applyCredentialConfigurations(client, b))
        .applyMutation(s3::applySignerConfiguration)
        .applyMutation(s3::applyS3AccessGrantsConfigurations)
        .applyMutation(s3::applyUserAgentConfigurations)
        .applyMutation(s3::applyRetryConfigurations)
        .applyMutation(b -> LoopbackPayloadSigning.apply(b, s3.endpoint()))
        .build();
  }

  /** Only for S3FileIO's optional async readers (off in this product): region, endpoint and credentials. */
  @Override
  public S3AsyncClient s3Async() {
    return S3AsyncClient.builder()
        .applyMutation(client::applyClientRegionConfiguration)
        .applyMutation(s3::applyEndpointConfigurations)
        .applyMutation(b -> s3.applyCredentialConfigurations(client, b))
        .build();
  }
}
