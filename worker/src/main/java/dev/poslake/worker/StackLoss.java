package dev.poslake.worker;

import java.io.OutputStream;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a process does when the embedded stack it attached to goes away: its Kafka, S3 and Temporal are gone,
 * so nothing it is doing can finish. It stops at once (halt: no shutdown hook may wait on the dead servers):
 * exit 1 with one error line, or exit 0 if it was already stopping on request (e.g. `pos up` and its workers
 * were all sent SIGTERM, and `up` finished first).
 */
final class StackLoss {
  private static final Logger LOG = LoggerFactory.getLogger(StackLoss.class);

  private StackLoss() {}

  static void exit(String reason, boolean stopping) {
    if (stopping) {
      LOG.info("stopped: {}", reason);
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(0);
    }
    // other threads are failing against the dead servers and logging it (the console appender writes to the
    // current System.out/err): silence them, so that the error is the last line
    PrintStream err = System.err;
    System.out.flush();
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    System.setErr(new PrintStream(OutputStream.nullOutputStream()));
    err.println("error: " + reason + "; this command cannot go on without it: run it again (with `./pos up` "
        + "running if it should share that stack)");
    err.flush();
    Runtime.getRuntime().halt(1);
  }
}
