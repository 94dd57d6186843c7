package org.alisw.runbooks.roger;

/** Roger did not answer, timed out or failed (5xx): nothing was changed for sure, try again. */
public class RogerUnavailableException extends RogerException {

  RogerUnavailableException(int status, String message, Throwable cause) {
    super(status, message, cause);
  }
}
