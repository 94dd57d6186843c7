package org.alisw.runbooks.foreman;

/**
 * A Foreman host as far as the runbooks care.
 *
 * @param hostgroup the hostgroup title, for example {@code alibuild/mesos/slave}
 * @param environment the Puppet environment name
 * @param build Foreman's build flag; false for the unmanaged hosts ai-bs (and we) register, which
 *     Foreman never builds
 * @param configurationStatus Foreman's configuration status label, null when not relevant
 * @param globalStatus Foreman's global status label (OK, Warning, Error)
 * @param lastReport when the last report arrived (ISO-8601 as Foreman writes it), null if none
 */
public record ForemanHost(
    long id,
    String name,
    String hostgroup,
    String environment,
    boolean build,
    String configurationStatus,
    String globalStatus,
    String lastReport,
    String comment) {

  /** A host without a {@code comment}. */
  public ForemanHost(
      long id, String name, String hostgroup, String environment, boolean build, String configurationStatus,
      String globalStatus, String lastReport) {
    this(id, name, hostgroup, environment, build, configurationStatus, globalStatus, lastReport, null);
  }
}
