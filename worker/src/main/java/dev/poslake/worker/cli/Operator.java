package dev.poslake.worker.cli;

import java.net.InetAddress;

/** Who runs this command, for audit records: the OS user and host ({@code user@host}). */
final class Operator {
  private Operator() {}

  static String name() {
    String user = System.getProperty("user.name", "unknown");
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "unknown-host";
    }
    return user + "@" + host;
  }
}
