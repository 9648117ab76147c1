package dev.poslake.catalog.s3;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The S3 client settings for an endpoint on this machine's loopback over plain HTTP (the embedded S3 server):
 * requests signed without hashing their payload ({@link LoopbackPayloadSigning}) and routed without the SDK's
 * endpoint rules ({@link LoopbackRouting}). Any other endpoint, and AWS itself, keeps the SDK's defaults.
 */
public final class LoopbackS3 {
  private LoopbackS3() {}

  /** The S3 client option: pass the builder of a client for {@code endpoint} (a blank endpoint: AWS, untouched). */
  public static void apply(S3ClientBuilder builder, String endpoint) {
    if (applies(endpoint)) {
      LoopbackPayloadSigning.apply(builder);
      LoopbackRouting.apply(builder);
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
}
