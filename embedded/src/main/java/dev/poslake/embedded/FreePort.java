package dev.poslake.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Picks a free loopback port, so several stacks (tests, a second data dir) never collide. */
final class FreePort {
  private FreePort() {}

  static int pick() {
    return pick(1)[0];
  }

  /**
   * {@code count} distinct free ports. All sockets stay open until every port is picked: picked one after the other,
   * the kernel may hand out a port just released again (a broker once got the same port for two listeners).
   */
  static int[] pick(int count) {
    List<ServerSocket> open = new ArrayList<>(count);
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(s);
        s.setReuseAddress(true);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    } finally {
      for (ServerSocket s : open) {
        try {
          s.close();
        } catch (IOException ignored) {
          // the port is still free for the caller
        }
      }
    }
  }
}
