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

  @Test
  void answersNothingOutsideItsPrefix() {
    assertThat(ports.getProperty("server.port")).isNull();
    assertThat(ports.getProperty("sandbox.port.")).isNull();
  }
}
