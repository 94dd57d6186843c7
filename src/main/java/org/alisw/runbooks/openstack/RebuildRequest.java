package org.alisw.runbooks.openstack;

/**
 * One rebuild a runbook asks for: a retried job of the same request is not a second rebuild, a new
 * round of the same runbook instance (the operator chose to rebuild again) is.
 *
 * @param runbookInstanceId the process instance that asks
 * @param round 1 for its first rebuild, 2 for the one after an explicit "rebuild again", ...
 */
public record RebuildRequest(String runbookInstanceId, int round) {

  public RebuildRequest {
    if (runbookInstanceId == null || runbookInstanceId.isBlank()) {
      throw new IllegalArgumentException("a rebuild is asked for by a runbook instance: runbookInstanceId is required");
    }
    if (round < 1) {
      throw new IllegalArgumentException("rebuild rounds count from 1, not " + round);
    }
  }

  /** The first rebuild of a runbook instance. */
  public static RebuildRequest first(String runbookInstanceId) {
    return new RebuildRequest(runbookInstanceId, 1);
  }

  /** {@code <instance>/<round>}: recorded in the server's metadata. */
  public String key() {
    return runbookInstanceId + "/" + round;
  }

  /** The runbook instance of a key recorded by {@link #key()}, or the whole value if it is not one. */
  static String instanceOf(String key) {
    int slash = key == null ? -1 : key.lastIndexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }
}
