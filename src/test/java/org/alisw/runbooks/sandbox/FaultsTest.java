package org.alisw.runbooks.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultsTest {

  @Test
  void anOutageHitsEveryCallUntilClearedAndCountedFaultsComeFirst() {
    Faults faults = new Faults();
    faults.failUntilCleared("nova.servers.action", new Faults.Drop());
    faults.inject("nova.servers.action", new Faults.Latency(Duration.ofSeconds(1)), 1);

    assertThat(faults.next("nova.servers.action")).contains(new Faults.Latency(Duration.ofSeconds(1)));
    assertThat(faults.next("nova.servers.action")).contains(new Faults.Drop());
    assertThat(faults.next("nova.servers.action")).contains(new Faults.Drop());
    assertThat(faults.next("nova.servers.show")).isEmpty();

    faults.clear("nova.servers.action");
    assertThat(faults.next("nova.servers.action")).isEmpty();
  }

  @Test
  void clearingOneOperationKeepsTheOthers() {
    Faults faults = new Faults();
    faults.failUntilCleared("a", new Faults.Drop());
    faults.inject("b", new Faults.Drop(), 2);

    faults.clear("a");

    assertThat(faults.next("a")).isEmpty();
    assertThat(faults.next("b")).isPresent();
  }
}
