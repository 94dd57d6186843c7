package org.alisw.runbooks.certmgr;

/** A Certmgr call failed; see the two subclasses for what to do about it. */
public class CertmgrException extends RuntimeException {

  private final int status;

  CertmgrException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status Certmgr answered, 0 when it did not answer. */
  public int status() {
    return status;
  }
}
