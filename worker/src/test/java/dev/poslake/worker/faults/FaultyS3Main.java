package dev.poslake.worker.faults;

import dev.poslake.embedded.EmbeddedS3;
import java.nio.file.Path;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An S3 server (s3proxy, as embedded) behind a {@link FaultInjectingS3Proxy}, in its own JVM: the proxy must send
 * the clients' Host header, which java.net.http allows only with a system property set before it loads.
 * Arguments: DIR BUCKET PROXY_PORT ERROR_SHARE SLOW_SHARE SLOW_MILLIS SEED.
 */
public final class FaultyS3Main {
  static final String READY = "faulty S3 ready on ";
  /** The test server's keys (the embedded stack's own are random per data dir). */
  static final String ACCESS_KEY = "faults";
  static final String SECRET_KEY = "faults-test-secret";

  private FaultyS3Main() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    EmbeddedS3 s3 = EmbeddedS3.start(Path.of(args[0]), args[1], ACCESS_KEY, SECRET_KEY);
    FaultInjectingS3Proxy proxy = new FaultInjectingS3Proxy(s3.endpoint(), Double.parseDouble(args[3]),
        Double.parseDouble(args[4]), Long.parseLong(args[5]), Long.parseLong(args[6]));
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false); // the backend's own headers pass through
    http.setSendDateHeader(false);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[2]));
    server.addConnector(connector);
    server.setHandler(proxy);
    server.start();
    System.out.println(READY + "http://127.0.0.1:" + connector.getLocalPort() + " (S3 " + s3.endpoint() + ")");
    server.join();
  }
}
