package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.alisw.runbooks.sandbox.Faults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each port call is bounded as a whole by {@code runbooks.openstack.call-timeout} (the job lock
 * counts on it), and the start listeners' look-up by the much shorter start-check timeout.
 * Deadlines here are far shorter than the injected stalls, so no assertion depends on timing.
 */
class CloudPortDeadlineTest {

  private static final String PROJECT = "release-testing";

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();

  @Test
  void aNovaThatStallsMidAnswerIsGivenUpAtTheCallDeadline() {
    // The read timeout (30 s) would not end this call for a long while; the deadline does.
    CloudPort port = cloud.portWithCallTimeout(Duration.ofMillis(500));
    cloud.simulator.faults().inject("nova.servers.list", new Faults.StallBody(Duration.ofSeconds(60)), 1);

    assertThatThrownBy(() -> port.findServer(PROJECT, "alibuild02"))
        .isInstanceOfSatisfying(CloudUnavailableException.class, e -> assertThat(e.status()).isZero())
        .hasMessageContaining("runbooks.openstack.call-timeout")
        .hasMessageContaining("find server alibuild02");

    // The next call of the retried job is not held up by the abandoned one.
    assertThat(port.findServer(PROJECT, "alibuild02")).isPresent();
  }

  @Test
  void aKeystoneThatHangsIsGivenUpAtTheCallDeadlineToo() {
    CloudPort port = cloud.portWithCallTimeout(Duration.ofMillis(500));
    cloud.simulator.faults().inject("keystone.tokens.create", new Faults.Latency(Duration.ofSeconds(60)), 1);

    assertThatThrownBy(() -> port.findServer(PROJECT, "alibuild02"))
        .isInstanceOf(CloudUnavailableException.class)
        .hasMessageContaining("runbooks.openstack.call-timeout");
  }

  @Test
  void theStartCheckLookupFailsFastOnASlowKeystoneWhileThePortWaitsForIt() {
    CloudLookup quick = cloud.startCheckLookup(Duration.ofMillis(300));
    CloudPort port = cloud.port();
    cloud.simulator.faults().inject("keystone.tokens.create", new Faults.Latency(Duration.ofSeconds(3)), 2);

    // Its deadline or its read timeout, both cut to the start-check timeout, ends the call.
    assertThatThrownBy(() -> quick.findServer(PROJECT, "alibuild02")).isInstanceOf(CloudUnavailableException.class);
    assertThat(port.findServer(PROJECT, "alibuild02")).isPresent();
  }
}
