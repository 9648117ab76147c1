package dev.poslake.worker.cli;

/** A failure caused by the user's input (a file, an argument) whose message says what to fix. */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }
}
