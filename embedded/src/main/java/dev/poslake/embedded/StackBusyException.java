package dev.poslake.embedded;

import java.nio.file.Path;

/** The data dir's embedded stack belongs to a short-lived command that does not share it. */
public final class StackBusyException extends RuntimeException {
  public StackBusyException(StackOwner owner, Path dataDir) {
    super("busy: " + owner.describe() + " is using the embedded stack of " + dataDir + "; wait for it, or run "
        + "`./pos up` there so commands can share one stack");
  }
}
