package dev.poslake.worker;

/**
 * The `pos` command this process runs (e.g. {@code pos etl}), set once by {@code Main} when it has parsed the
 * command line. It is published as the owner of an embedded stack this process starts, so that another
 * command can say who is using the data dir.
 */
public final class ProcessCommand {
  private static volatile String name = "pos";

  private ProcessCommand() {}

  public static void set(String command) {
    name = command;
  }

  public static String name() {
    return name;
  }
}
