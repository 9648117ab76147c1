package dev.poslake.worker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JitCpuTest {
  @Test
  void onlyCompilerThreadsCountTheirUserAndSystemTicks() {
    // pid (name) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    String c2 = "4242 (C2 CompilerThre) S 1 1 1 0 -1 4194368 10 0 0 0 310 12 0 0 20 0 40 0 100 0 0";
    String c1 = "4243 (C1 CompilerThre) R 1 1 1 0 -1 4194368 10 0 0 0 25 3 0 0 20 0 40 0 100 0 0";
    String merge = "4244 (gold-merge) R 1 1 1 0 -1 4194368 10 0 0 0 900 40 0 0 20 0 40 0 100 0 0";
    String tricky = "4245 (a) (C2 Compiler) S 1 1 1 0 -1 4194368 10 0 0 0 77 1 0 0 20 0 40 0 100 0 0";
    assertEquals(322, JitCpu.compilerTicks(c2));
    assertEquals(28, JitCpu.compilerTicks(c1));
    assertEquals(0, JitCpu.compilerTicks(merge));
    assertEquals(0, JitCpu.compilerTicks(tricky)); // the name runs to the last ')': "a) (C2 Compiler"
    assertEquals(0, JitCpu.compilerTicks("garbage"));
  }

  @Test
  void thisJvmsCompilersAreFoundOnLinux() {
    OptionalLong before = JitCpu.nanos();
    if (!System.getProperty("os.name").startsWith("Linux")) {
      assertTrue(before.isEmpty());
      return;
    }
    assertTrue(before.isPresent());
    // work that the JIT compiles: the compilers' CPU cannot go down, and by now they have run
    long sum = 0;
    for (int i = 0; i < 20_000_000; i++) sum += Integer.toString(i).hashCode();
    OptionalLong after = JitCpu.nanos();
    assertTrue(after.getAsLong() >= before.getAsLong(), before + " -> " + after);
    assertTrue(after.getAsLong() > 0 || sum == 0, "no compiler CPU at all in a JVM that ran tests");
  }
}
