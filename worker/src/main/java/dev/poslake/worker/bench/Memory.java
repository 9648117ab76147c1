package dev.poslake.worker.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Peak heap used (sum of the heap pools' peak usage, reset at the start of a phase) and process RSS from
 * /proc/self/status. VmHWM is reset per phase through /proc/self/clear_refs when the kernel allows it;
 * otherwise it is the process peak so far (reported as such).
 */
public final class Memory {
  private Memory() {}

  /** Memory figures of one phase, in MiB (-1 when unknown). */
  public record Figures(long peakHeapUsedMb, long heapMaxMb, long rssMb, long rssPeakMb, boolean rssPeakResetPerPhase) {}

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
  }

  /** Starts a phase: resets the heap pools' peaks and, when possible, the RSS high-water mark. */
  static boolean reset() {
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  static Figures read(boolean rssReset) {
    long peak = 0;
    for (MemoryPoolMXBean p : heapPools()) {
      if (p.getPeakUsage() != null) peak += p.getPeakUsage().getUsed();
    }
    long max = Runtime.getRuntime().maxMemory();
    return new Figures(peak >> 20, max == Long.MAX_VALUE ? -1 : max >> 20, status("VmRSS:"), status("VmHWM:"),
        rssReset);
  }

  private static long status(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) >> 10; // kB -> MiB
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }
}
