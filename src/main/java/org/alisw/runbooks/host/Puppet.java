package org.alisw.runbooks.host;

/**
 * "Run {@code puppet agent -t -v} until no errors are reported": one run per call; the loop,
 * its delay and its bound live in the BPMN process.
 */
public interface Puppet {

  /**
   * @throws HostException when the host cannot be reached or the run outlives the puppet timeout
   */
  PuppetRun runAgent(String host);
}
