package org.alisw.runbooks.roger;

/** Roger's failures as RogerClient raises them, for process tests in other packages. */
public final class RogerFailures {

  private RogerFailures() {}

  public static RogerRefusedException refused(int status, String reason) {
    return new RogerRefusedException(status, "Roger answered PUT /roger/v1/state/ with HTTP " + status + ": " + reason);
  }

  public static RogerUnavailableException unavailable(int status) {
    return new RogerUnavailableException(status, "Roger answered PUT /roger/v1/state/ with HTTP " + status, null);
  }
}
