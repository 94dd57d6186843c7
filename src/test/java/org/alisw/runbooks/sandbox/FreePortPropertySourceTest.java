package org.alisw.runbooks.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.alisw.runbooks.sandbox.SandboxEnvironmentPostProcessor.FreePortPropertySource;
import org.junit.jupiter.api.Test;

class FreePortPropertySourceTest {

  private final FreePortPropertySource ports = new FreePortPropertySource();

  @Test
  void givesTheSamePortForTheSameNameAndAnotherForAnotherName() {
    Object openstack = ports.getProperty("sandbox.port.openstack");
    assertThat(ports.getProperty("sandbox.port.openstack")).isEqualTo(openstack);
    assertThat(ports.getProperty("sandbox.port.foreman")).isNotEqualTo(openstack);
  }

  /** Outgoing connections take their local ports from the ephemeral range: stay out of it. */
  @Test
  void choosesPortsBelowTheEphemeralRange() throws Exception {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    int ephemeralStart = Files.exists(range) ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]) : 49_152;
    for (int i = 0; i < 20; i++) {
      assertThat((Integer) ports.getProperty("sandbox.port.host-" + i)).isBetween(10_000, ephemeralStart - 1);
    }
  }

  /**
   * Simulators bind their ports later: two names must never get the same port, in one source or
   * in two (two contexts of one JVM). 300 names over ~22,000 ports would share one about 86 % of
   * the time if each only checked that its port was free.
   */
  @Test
  void neverHandsOutAPortTwiceInOneJvm() {
    FreePortPropertySource other = new FreePortPropertySource();
    java.util.Set<Object> seen = new java.util.HashSet<>();
    for (int i = 0; i < 150; i++) {
      assertThat(seen.add(ports.getProperty("sandbox.port.sim-" + i))).as("port of sim-%d is new", i).isTrue();
      assertThat(seen.add(other.getProperty("sandbox.port.sim-" + i))).as("other context's sim-%d is new", i).isTrue();
    }
  }

  @Test
  void answersNothingOutsideItsPrefix() {
    assertThat(ports.getProperty("server.port")).isNull();
    assertThat(ports.getProperty("sandbox.port.")).isNull();
  }
}
