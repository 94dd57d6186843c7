package org.alisw.runbooks.foreman;

/** Foreman refused a call, or could not be reached (status 0). */
public class ForemanException extends RuntimeException {

  private final int status;

  public ForemanException(int status, String message) {
    super(message);
    this.status = status;
  }

  public ForemanException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  /** The HTTP status Foreman answered, 0 when it did not answer. */
  public int status() {
    return status;
  }
}
