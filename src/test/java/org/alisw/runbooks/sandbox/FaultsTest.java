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

  @Test
  void aScopedFaultHitsOnlyItsHostWhateverFormTheNameTakesAndTheUnscopedOneHitsAll() {
    Faults faults = new Faults();
    faults.failUntilCleared(Faults.scoped("roger.state.update", "Alibuild91.cern.ch"), new Faults.Drop());
    faults.inject("roger.state.update", new Faults.HttpStatus(503, "down"), 1);

    assertThat(Faults.scoped("roger.state.update", "ALIBUILD91")).isEqualTo("roger.state.update@alibuild91");
    assertThat(faults.next("roger.state.update", "alibuild91")).contains(new Faults.Drop());
    assertThat(faults.next("roger.state.update", "alibuild92.cern.ch")).contains(new Faults.HttpStatus(503, "down"));
    assertThat(faults.next("roger.state.update", "alibuild92.cern.ch")).isEmpty();
    assertThat(faults.next("roger.state.update", null)).isEmpty();
    assertThat(faults.next("roger.state.update", "alibuild91.cern.ch")).contains(new Faults.Drop());

    faults.clear(Faults.scoped("roger.state.update", "alibuild91"));
    assertThat(faults.next("roger.state.update", "alibuild91")).isEmpty();
  }
}
