package org.alisw.runbooks.sandbox;

import java.time.Duration;

/**
 * How long the simulated machines take: a new server's BUILD, a REBUILD, a HARD_REBOOT. Short by
 * default so that a runbook completes in seconds in the sandbox; tests shorten them further.
 */
public record SimulationTimings(Duration boot, Duration rebuild, Duration hardReboot) {

  public static SimulationTimings fast() {
    return new SimulationTimings(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(2));
  }
}
