package dev.poslake.embedded;

import java.util.Optional;

/**
 * The process that runs the embedded servers of a data dir, as published in {@code stack.properties}.
 *
 * @param command what it is, e.g. {@code pos up} (named in messages to the user)
 * @param shares true if other processes may attach to its servers (`pos up`); false for a short-lived command
 *     that started the stack for itself and stops it when it ends
 */
public record StackOwner(long pid, String command, boolean shares) {
  /** The default of a stack started in-process (tests, embedding): shared with the processes that attach. */
  public static final String IN_PROCESS = "an in-process stack";

  /** This process as the owner. */
  public static StackOwner thisProcess(String command, boolean shares) {
    return new StackOwner(ProcessHandle.current().pid(), command, shares);
  }

  public boolean alive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  public boolean isThisProcess() {
    return pid == ProcessHandle.current().pid();
  }

  /** E.g. {@code `pos etl` (pid 1234)}. */
  public String describe() {
    return "`" + command + "` (pid " + pid + ")";
  }

  static Optional<Long> parsePid(String s) {
    try {
      return s == null ? Optional.empty() : Optional.of(Long.parseLong(s.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
