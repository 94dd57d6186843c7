package org.alisw.runbooks.foreman;

/**
 * A host's configuration status ({@code GET /api/v2/hosts/:id/status/configuration}).
 *
 * @param status Foreman's numeric status
 * @param label Foreman's label: Active, Pending, Error, Out of sync, No reports, No changes, ...
 */
public record ConfigurationStatus(int status, String label) {

  public boolean isError() {
    return "Error".equalsIgnoreCase(label);
  }
}
