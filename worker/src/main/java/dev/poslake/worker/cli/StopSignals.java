package dev.poslake.worker.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT (Ctrl-C) as a request to stop, instead of the JVM's default of starting its shutdown at
 * once. Why: the shutdown runs every library's hook in parallel with ours, and Iceberg's hook stops its worker
 * pool, so in-flight activities failed with RejectedExecutionException instead of finishing; and a JVM stopped
 * by a signal exits 143, which systemd counts as a failure. With this the command stops its work first, then
 * returns its exit code normally. A second signal stops the process at once.
 */
final class StopSignals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

  private StopSignals() {}

  /** Until {@link #close()}, SIGTERM and SIGINT call {@code requestStop} (once). */
  static StopSignals install(Runnable requestStop) {
    StopSignals s = new StopSignals();
    AtomicBoolean requested = new AtomicBoolean();
    SignalHandler handler = signal -> {
      if (requested.compareAndSet(false, true)) {
        LOG.info("SIG{}: stopping (send it again to stop at once)", signal.getName());
        requestStop.run();
      } else {
        LOG.warn("SIG{} again: stopping at once", signal.getName());
        Runtime.getRuntime().halt(128 + signal.getNumber());
      }
    };
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal signal = new Signal(name);
        s.previous.put(signal, Signal.handle(signal, handler));
      } catch (IllegalArgumentException unsupported) {
        // no such signal here (or the JVM uses it): the command's shutdown hook still stops it
      }
    }
    return s;
  }

  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }
}
