package org.alisw.runbooks.roger;

import java.util.Optional;

/**
 * Roger, CERN's record of each machine's application state and alarm masks, as the runbooks see
 * it: what {@code ai-bs}, {@code ai-rebuild-vm} and {@code ai-kill} set there, and "back to
 * production" once a machine is verified. Host names may be short or fully qualified; short names
 * get the configured domain. docs/roger.md lists the calls behind each method.
 *
 * <p>Failures: {@link RogerUnavailableException} (5xx, timeout, no answer: retry) or {@link
 * RogerRefusedException} (Roger said no: an operator must act). ai-tools only log Roger errors;
 * here they fail the step, which the engine retries and then shows as an incident.
 */
public interface MachineStatePort {

  /** The host's state; empty when Roger does not know the host. */
  Optional<MachineState> state(String hostname);

  /**
   * Sets what {@code update} carries (fields it leaves null keep their value), creating the entry
   * when Roger has none, and returns the state Roger then reports. Idempotent.
   */
  MachineState update(String hostname, MachineStateUpdate update);
}
