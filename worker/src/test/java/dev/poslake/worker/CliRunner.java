package dev.poslake.worker;

import dev.poslake.worker.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/** Test helper: runs {@link Main#run} in-process with stdout and stderr captured. */
public final class CliRunner {
  /** A log line of the tests' logback config, which (unlike the product's) logs to stdout. */
  private static final Pattern LOG_LINE = Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR) .*");

  private CliRunner() {}

  /** Exit code and captured output of one run. */
  public record Result(int code, String out, String err, long millis) {
    public List<String> errorLines() {
      return err.lines().filter(l -> l.startsWith("error:")).toList();
    }

    /** stdout without log lines (in tests logback writes to stdout; the product's config writes to stderr). */
    public List<String> outLines() {
      return out.lines().filter(l -> !LOG_LINE.matcher(l).matches()).toList();
    }

    @Override
    public String toString() {
      return "exit " + code + " after " + millis + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  public static synchronized Result run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    long t0 = System.nanoTime();
    int code;
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      code = Main.run(args);
    } finally {
      System.out.flush();
      System.err.flush();
      System.setOut(out);
      System.setErr(err);
    }
    Result r = new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8),
        (System.nanoTime() - t0) / 1_000_000);
    err.println("pos " + String.join(" ", args) + " -> " + r);
    return r;
  }
}
