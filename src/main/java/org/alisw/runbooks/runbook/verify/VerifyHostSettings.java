package org.alisw.runbooks.runbook.verify;

/**
 * What {@code verify-host.bpmn} reads from configuration, as the bean {@code verifyHostSettings}:
 * {@code ${verifyHostSettings.activeTimeout}} in a timer, {@code ${verifyHostSettings.puppetAttempts}}
 * as the bound of the puppet loop.
 */
public class VerifyHostSettings {

  private final VerifyHostProperties properties;

  public VerifyHostSettings(VerifyHostProperties properties) {
    this.properties = properties;
  }

  public String getActiveTimeout() {
    return properties.activeTimeout().toString();
  }

  public String getActiveInterval() {
    return properties.activeInterval().toString();
  }

  public String getPingTimeout() {
    return properties.pingTimeout().toString();
  }

  public String getPingInterval() {
    return properties.pingInterval().toString();
  }

  public String getSshTimeout() {
    return properties.sshTimeout().toString();
  }

  public String getSshInterval() {
    return properties.sshInterval().toString();
  }

  public int getPuppetAttempts() {
    return properties.puppetAttempts();
  }

  public String getPuppetRetryDelay() {
    return properties.puppetRetryDelay().toString();
  }

  int consoleLines() {
    return properties.consoleLines();
  }

  int outputKept() {
    return properties.outputKept();
  }
}
