package dev.poslake.worker.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who runs a command, as a schedule's "paused by" shows it: {@code user@host}. */
final class Operator {
  private Operator() {}

  static String current() {
    return System.getProperty("user.name", "unknown") + "@" + host();
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      // a host name that does not resolve: the name itself is still what the user knows the machine by
      String env = System.getenv("HOSTNAME");
      return env != null && !env.isBlank() ? env : "unknown-host";
    }
  }
}
