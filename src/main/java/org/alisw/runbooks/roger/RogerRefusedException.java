package org.alisw.runbooks.roger;

/** Roger answered and said no (401, 403, 400, ...): retrying the same call will not help. */
public class RogerRefusedException extends RogerException {

  RogerRefusedException(int status, String message) {
    super(status, message, null);
  }
}
