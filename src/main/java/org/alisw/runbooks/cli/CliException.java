package org.alisw.runbooks.cli;

/** A problem found on this side (credentials, a task that is not an approval, ...): message and exit code. */
final class CliException extends RuntimeException {

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
