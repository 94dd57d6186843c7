package org.alisw.runbooks.cli;

/**
 * The engine answered with an error ({@code status} 4xx/5xx, {@code message} = the server's own
 * message from its JSON error), or could not be reached ({@code status} 0).
 */
final class EngineException extends RuntimeException {

  private final int status;

  EngineException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }

  /** Not reached, or the credentials were not accepted: nothing was refused, nothing happened. */
  boolean notConnected() {
    return status == 0 || status == 401;
  }
}
