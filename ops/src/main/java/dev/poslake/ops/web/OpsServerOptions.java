package dev.poslake.ops.web;

import dev.poslake.config.ConfigException;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Where the ops server listens and who may use it.
 *
 * @param host bind address (127.0.0.1 by default)
 * @param token access token; null: none, which only a loopback bind allows
 * @param publicNames host names, besides the loopback ones, that requests may address (a proxy's, a DNS name)
 * @param temporalUiUrl the Temporal Web UI's address (TEMPORAL_UI_URL, checked when the config loads), empty for
 *     none: runs on the page then link to it
 */
public record OpsServerOptions(String host, int port, String token, List<String> publicNames, String temporalUiUrl) {
  /** Shortest access token accepted: a token is the only thing between the network and the pipeline's controls. */
  static final int MIN_TOKEN_LENGTH = 16;

  public OpsServerOptions {
    publicNames = List.copyOf(publicNames);
    temporalUiUrl = temporalUiUrl == null ? "" : temporalUiUrl;
    token = token == null || token.isBlank() ? null : token;
    if (token != null && token.length() < MIN_TOKEN_LENGTH) {
      throw new ConfigException("POS_OPS_TOKEN is shorter than " + MIN_TOKEN_LENGTH + " characters: use a long "
          + "random secret (e.g. `openssl rand -hex 24`)");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new ConfigException("cannot resolve POS_OPS_HOST=" + host + ": " + e.getMessage());
    }
    if (!address.isLoopbackAddress() && token == null) {
      throw new ConfigException("the ops page would listen on " + host + " (POS_OPS_HOST) without authentication: "
          + "set POS_OPS_TOKEN to a long random secret, or keep POS_OPS_HOST=127.0.0.1");
    }
  }

  /** Without a Temporal Web UI. */
  public OpsServerOptions(String host, int port, String token, List<String> publicNames) {
    this(host, port, token, publicNames, "");
  }

  /** The same with a Temporal Web UI address. */
  public OpsServerOptions withTemporalUi(String url) {
    return new OpsServerOptions(host, port, token, publicNames, url);
  }

  /** Loopback, no token, no public name: for tests. */
  public static OpsServerOptions loopback(int port) {
    return new OpsServerOptions("127.0.0.1", port, null, List.of());
  }

  public static OpsServerOptions from(PosConfig config) {
    String names = config.get(PosSettings.OPS_PUBLIC_NAME);
    return new OpsServerOptions(config.get(PosSettings.OPS_HOST), config.get(PosSettings.OPS_PORT),
        config.get(PosSettings.OPS_TOKEN), names.isBlank() ? List.of()
            : Arrays.stream(names.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList(),
        config.get(PosSettings.TEMPORAL_UI_URL));
  }
}
