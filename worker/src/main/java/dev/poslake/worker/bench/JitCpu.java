package dev.poslake.worker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's JIT compiler threads (C1 and C2), from Linux's {@code /proc/self/task/<tid>/stat}. Why the
 * bench reports it: on a few cores a fresh worker's first runs share the CPU with the compiler (a third of it in the
 * first touch at 1,000 stores), and its later runs no longer do; the figure tells the two costs apart. The compiler
 * threads are not Java threads, so {@code ThreadMXBean} does not see them. Threads the JVM removes between two reads
 * (it adds and removes compiler threads with the load on larger machines) take their CPU with them: a difference
 * of two reads is a lower bound.
 */
final class JitCpu {
  /** Linux's clock ticks per second in /proc (USER_HZ, fixed at 100 in the kernel's user-space interface). */
  private static final long TICKS_PER_SECOND = 100;
  private static final Path TASKS = Path.of("/proc/self/task");

  private JitCpu() {}

  /** The compiler threads' CPU so far in nanoseconds, or empty where /proc is not there (not Linux). */
  static OptionalLong nanos() {
    if (!Files.isDirectory(TASKS)) return OptionalLong.empty();
    long ticks = 0;
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          ticks += compilerTicks(Files.readString(task.resolve("stat")));
        } catch (IOException gone) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(ticks * (1_000_000_000L / TICKS_PER_SECOND));
  }

  /**
   * A thread's user plus system ticks if it is a JIT compiler thread ("C1 CompilerThre", "C2 CompilerThre": the name
   * is cut to 15 characters), else 0. The name is between the first '(' and the last ')', and may hold spaces.
   */
  static long compilerTicks(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) return 0;
    String name = stat.substring(open + 1, close);
    if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) return 0;
    // after the name: state (field 3), ..., utime (field 14), stime (field 15)
    String[] fields = stat.substring(close + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
