package org.alisw.runbooks.roger;

/** A Roger call failed; see the two subclasses for what to do about it. */
public class RogerException extends RuntimeException {

  private final int status;

  RogerException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status Roger answered, 0 when it did not answer. */
  public int status() {
    return status;
  }
}
