package dev.poslake.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the owner of the stack this process attached to, and reports once when it no longer runs it: without
 * it, an attached process (a worker's pollers, a client waiting for a workflow result) retries against the dead
 * servers' ports forever. Two watchers: one blocks on {@code stack.lock} and wakes the moment the owner lets go
 * of it (its death releases it), the other checks {@link EmbeddedStack#ownerGone()} periodically (an owner in
 * this JVM, a reused pid, a replaced stack).
 */
public final class OwnerWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerWatch.class);
  private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "pos-stack-owner-watch");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile FileChannel lockChannel;

  private OwnerWatch() {}

  /**
   * Calls {@code onGone} once, on a watch thread, with why the owner no longer runs the stack. Does nothing for
   * the stack's owner itself.
   */
  public static OwnerWatch start(EmbeddedStack stack, Duration every, Consumer<String> onGone) {
    OwnerWatch w = new OwnerWatch();
    if (stack.owner()) return w;
    w.threads.execute(() -> w.awaitLockReleased(stack, onGone));
    w.threads.scheduleWithFixedDelay(() -> {
      try {
        stack.ownerGone().ifPresent(reason -> w.report(reason, onGone));
      } catch (RuntimeException e) {
        LOG.warn("cannot check the owner of the embedded stack of {}: {}", stack.dataDir(), e.toString());
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return w;
  }

  private void awaitLockReleased(EmbeddedStack stack, Consumer<String> onGone) {
    try (FileChannel channel = FileChannel.open(stack.dataDir().resolve(EmbeddedStack.LOCK_FILE),
        StandardOpenOption.WRITE)) {
      lockChannel = channel;
      channel.lock().release(); // blocks while the owner holds it; let go at once: we do not own the stack
    } catch (OverlappingFileLockException ownerInThisJvm) {
      return; // the periodic check covers it
    } catch (IOException closedOrInterrupted) {
      return; // closed by close(), or the file is gone (the periodic check says why)
    }
    String owner = stack.ownerProcess().describe();
    report(stack.ownerGone().orElse(owner + " released the embedded stack of " + stack.dataDir()), onGone);
  }

  private void report(String reason, Consumer<String> onGone) {
    if (!reported.compareAndSet(false, true)) return;
    threads.shutdown();
    onGone.accept(reason);
  }

  @Override
  public void close() {
    reported.set(true);
    threads.shutdownNow();
    FileChannel c = lockChannel;
    if (c != null) {
      try {
        c.close(); // wakes the thread blocked on the lock
      } catch (IOException e) {
        // it is a daemon thread: at worst it stays blocked until the process ends
      }
    }
  }
}
