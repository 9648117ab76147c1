package dev.poslake.worker;

import com.uber.m3.tally.Scope;
import dev.poslake.config.ConfigException;
import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import io.grpc.Deadline;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Temporal client: for a real cluster from the Temporal CLI's environment configuration (TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_PROFILE), else the embedded test server.
 */
public final class TemporalConnection implements AutoCloseable {
  static final long CONNECT_TIMEOUT_SECONDS = 15;

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final String target;

  private TemporalConnection(WorkflowServiceStubs stubs, WorkflowClient client, String target) {
    this.stubs = stubs;
    this.client = client;
    this.target = target;
  }

  /** Connects and checks the server answers, or fails with a one-line message naming TEMPORAL_ADDRESS. */
  public static TemporalConnection connect(PosConfig config) {
    return connect(config, null);
  }

  /**
   * As {@link #connect(PosConfig)}, reporting the SDK's client and worker metrics to {@code metricsScope}
   * (e.g. {@code PipelineMetrics.temporalScope()}), or none if null.
   */
  public static TemporalConnection connect(PosConfig config, Scope metricsScope) {
    return connect(config, metricsScope, profile(System.getenv()));
  }

  /**
   * The client profile the Temporal CLI would use with this environment (TEMPORAL_* variables, config file),
   * its TLS settings checked ({@link TemporalTlsCheck}).
   */
  static ClientConfigProfile profile(Map<String, String> env) {
    ClientConfigProfile profile;
    try {
      profile = ClientConfigProfile.load(LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env).build());
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("cannot read the Temporal client configuration (TEMPORAL_CONFIG_FILE / "
          + "TEMPORAL_PROFILE / TEMPORAL_TLS*): " + e.getMessage());
    }
    TemporalTlsCheck.check(profile.getTls());
    return profile;
  }

  private static TemporalConnection connect(PosConfig config, Scope metricsScope, ClientConfigProfile profile) {
    String address = config.get(PosSettings.TEMPORAL_ADDRESS);
    ClientConfigProfile.Builder b = profile.toBuilder().setAddress(address);
    if (profile.getNamespace() == null || profile.getNamespace().isBlank()) {
      b.setNamespace("default");
    }
    profile = b.build();
    WorkflowServiceStubsOptions stubOptions = profile.toWorkflowServiceStubsOptions();
    if (metricsScope != null) {
      stubOptions = WorkflowServiceStubsOptions.newBuilder(stubOptions).setMetricsScope(metricsScope).build();
    }
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(stubOptions);
    try {
      stubs.blockingStub().withDeadline(Deadline.after(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS))
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (RuntimeException e) {
      stubs.shutdownNow();
      throw new ConfigException("cannot reach Temporal at " + address + " (TEMPORAL_ADDRESS) within "
          + CONNECT_TIMEOUT_SECONDS + " s: " + e.getMessage());
    }
    WorkflowClientOptions clientOptions = profile.toWorkflowClientOptions();
    return new TemporalConnection(stubs, WorkflowClient.newInstance(stubs, clientOptions), address);
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public String target() {
    return target;
  }

  @Override
  public void close() {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
  }
}
