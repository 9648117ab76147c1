package dev.poslake.worker.faults;

import dev.poslake.embedded.EmbeddedKafka;
import java.nio.file.Path;

/**
 * A Kafka broker (KRaft) in its own JVM on fixed ports, so that a test can SIGKILL it and start it again on the
 * same ports and log dir under a running pipeline. Arguments: DIR PORT CONTROLLER_PORT.
 */
public final class KafkaBrokerMain {
  static final String READY = "kafka broker ready on ";

  private KafkaBrokerMain() {}

  public static void main(String[] args) throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    System.out.println(READY + kafka.bootstrapServers());
    Thread.currentThread().join(); // until killed
  }
}
