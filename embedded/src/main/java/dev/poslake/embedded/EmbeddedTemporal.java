package dev.poslake.embedded;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's Java test server in real time, bound to 127.0.0.1 only (the stock {@code TestServer} binds all
 * interfaces). In-memory: no persistence, no Schedules, no visibility API, no Web UI.
 */
public final class EmbeddedTemporal implements AutoCloseable {
  public static final String LIMITATIONS = "Temporal: embedded in-memory test server (no Web UI, no Schedules, "
      + "no run list, state lost on exit). For a real cluster set TEMPORAL_ADDRESS (e.g. localhost:7233 of "
      + "`temporal server start-dev`, UI on :8233) and TEMPORAL_NAMESPACE / TEMPORAL_API_KEY as needed.";

  private final TestServicesStarter services;
  private final Server server;
  private final String target;

  private EmbeddedTemporal(TestServicesStarter services, Server server, String target) {
    this.services = services;
    this.server = server;
    this.target = target;
  }

  public static EmbeddedTemporal start() throws Exception {
    int port = FreePort.pick();
    TestServicesStarter services = new TestServicesStarter(true, 0); // true: time skipping locked, i.e. real time (false would let timers fire at once)
    ServerBuilder<?> builder = NettyServerBuilder.forAddress(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    return new EmbeddedTemporal(services, server, "127.0.0.1:" + port);
  }

  public String target() {
    return target;
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdown();
    if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
      server.shutdownNow();
    }
    services.close();
  }
}
