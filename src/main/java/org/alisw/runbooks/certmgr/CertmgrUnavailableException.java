package org.alisw.runbooks.certmgr;

/** Certmgr did not answer, timed out or failed (5xx): nothing was decided, try again later. */
public class CertmgrUnavailableException extends CertmgrException {

  CertmgrUnavailableException(int status, String message, Throwable cause) {
    super(status, message, cause);
  }
}
