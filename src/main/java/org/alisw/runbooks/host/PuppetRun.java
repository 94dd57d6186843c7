package org.alisw.runbooks.host;

/**
 * One run of the configured puppet agent command ({@link HostsProperties#DEFAULT_PUPPET_COMMAND}).
 *
 * @param exitStatus puppet's detailed exit code, or null when the run was killed
 * @param changesApplied exit code 2 or 6
 * @param output the tail of what puppet printed on stdout (notices, info), colour codes removed
 * @param errors the tail of what puppet printed on stderr (errors, warnings)
 * @param truncated true when the head of either stream was cut to the output limit
 */
public record PuppetRun(
    String host,
    PuppetOutcome outcome,
    Integer exitStatus,
    boolean changesApplied,
    String output,
    String errors,
    boolean truncated,
    long durationMillis) {

  public boolean clean() {
    return outcome == PuppetOutcome.CLEAN;
  }
}
