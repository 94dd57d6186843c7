package org.alisw.runbooks.host;

/**
 * "Run {@code puppet agent -t -v} until no errors are reported": one run per call; the loop,
 * its delay and its bound live in the BPMN process.
 */
public interface Puppet {

  /**
   * @throws HostException when the host cannot be reached, or ({@link
   *     RemoteCommandTimeoutException}) the run outlives the puppet timeout and the host stops it
   */
  PuppetRun runAgent(String host);
}
