package org.alisw.runbooks.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.alisw.runbooks.mesos.ClusterHealth;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MarathonStatus;
import org.alisw.runbooks.mesos.MasterHealth;
import org.alisw.runbooks.mesos.MesosClusterClient;
import org.alisw.runbooks.mesos.MesosLeader;
import org.alisw.runbooks.mesos.MesosProperties;
import org.alisw.runbooks.mesos.ZooKeeperEnsemble;
import org.alisw.runbooks.mesos.ZooKeeperMode;
import org.alisw.runbooks.mesos.ZooKeeperStatus;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.mesos.ElectionTimings;
import org.alisw.runbooks.sandbox.mesos.SimulatedMesos;
import org.alisw.runbooks.sandbox.mesos.SimulatedMesos.MasterPorts;
import org.junit.jupiter.api.Test;

/** "Make sure that the other two masters are properly functioning" before a master is rebuilt. */
class MasterQuorumTest {

  private static final List<String> MASTERS = List.of("alimesos01", "alimesos02", "alimesos03");

  private final ClusterPort cluster = mock(ClusterPort.class);
  private final MasterQuorum quorum = new MasterQuorum(cluster, Duration.ofSeconds(2));

  // --- fixtures -----------------------------------------------------------------------------

  private static ClusterHealth mesos(String leader, String... down) {
    List<MasterHealth> masters =
        MASTERS.stream()
            .map(m -> List.of(down).contains(m)
                ? new MasterHealth(m, false, null, "unreachable: connection refused")
                : new MasterHealth(m, true, leader, null))
            .toList();
    Optional<MesosLeader> l =
        Optional.ofNullable(leader).map(n -> new MesosLeader(n, "10.0.0.1", 5050, "master@10.0.0.1:5050", n, false));
    return new ClusterHealth(masters, l, 2);
  }

  private static ZooKeeperEnsemble zooKeeper(ZooKeeperMode... modes) {
    List<ZooKeeperStatus> servers = new ArrayList<>();
    for (int i = 0; i < MASTERS.size(); i++) {
      servers.add(new ZooKeeperStatus(MASTERS.get(i), modes[i], "3.8.4", 0, 0.0, 1, 1, 0, 1, 100,
          modes[i] == ZooKeeperMode.NOT_SERVING ? "This ZooKeeper instance is not currently serving requests" : null));
    }
    return new ZooKeeperEnsemble(servers);
  }

  private static ZooKeeperEnsemble zooKeeperServing() {
    return zooKeeper(ZooKeeperMode.FOLLOWER, ZooKeeperMode.FOLLOWER, ZooKeeperMode.LEADER);
  }

  private static List<MarathonStatus> marathon(String... silent) {
    return MASTERS.stream()
        .map(m -> List.of(silent).contains(m)
            ? new MarathonStatus(m, false, null, false, null, "unreachable: connection refused")
            : new MarathonStatus(m, true, "alimesos01", m.equals("alimesos01"), "1.11.24", null))
        .toList();
  }

  private void healthyCluster() {
    when(cluster.masters()).thenReturn(MASTERS);
    when(cluster.health()).thenReturn(mesos("alimesos01"));
    when(cluster.zooKeeper()).thenReturn(zooKeeperServing());
    when(cluster.marathon()).thenReturn(marathon());
  }

  // --- tests --------------------------------------------------------------------------------

  @Test
  void passesAtOnceWhenTheOtherMastersAreHealthy() {
    healthyCluster();

    MasterQuorum.Look look = quorum.requireOthersHealthy("alimesos02");

    assertThat(look.healthy()).isTrue();
    assertThat(look.leader()).isEqualTo("alimesos01");
    assertThat(look.summary()).contains("other than alimesos02 are healthy");
    verify(cluster, times(1)).health();
  }

  @Test
  void theTargetItselfMayBeDown() {
    healthyCluster();
    when(cluster.health()).thenReturn(mesos("alimesos01", "alimesos03"));
    when(cluster.zooKeeper())
        .thenReturn(zooKeeper(ZooKeeperMode.FOLLOWER, ZooKeeperMode.LEADER, ZooKeeperMode.UNREACHABLE));
    when(cluster.marathon()).thenReturn(marathon("alimesos03"));

    assertThat(quorum.requireOthersHealthy("alimesos03").healthy()).isTrue();
  }

  @Test
  void refusesAtOneLookNamingEveryUnhealthyService() {
    healthyCluster();
    when(cluster.health()).thenReturn(mesos("alimesos01", "alimesos02"));
    when(cluster.zooKeeper())
        .thenReturn(zooKeeper(ZooKeeperMode.FOLLOWER, ZooKeeperMode.UNREACHABLE, ZooKeeperMode.LEADER));
    when(cluster.marathon()).thenReturn(marathon("alimesos02"));

    assertThatThrownBy(() -> quorum.requireOthersHealthy("alimesos03"))
        .isInstanceOf(MasterQuorum.QuorumUnhealthy.class)
        .hasMessageContaining("Refusing to rebuild master alimesos03")
        .hasMessageContaining("Mesos master on alimesos02 is down")
        .hasMessageContaining("ZooKeeper on alimesos02 is not serving (UNREACHABLE")
        .hasMessageContaining("Marathon on alimesos02 is not answering")
        .hasMessageNotContaining("alimesos01 is");
    // One look: looking again after the settle window is rebuild-master's timer, not a wait here.
    verify(cluster, times(1)).health();
  }

  @Test
  void theLookAfterAZooKeeperElectionFindsTheQuorum() {
    healthyCluster();
    // The first look falls into the election: ZooKeeper does not serve, Mesos has no leader yet.
    when(cluster.zooKeeper())
        .thenReturn(zooKeeper(ZooKeeperMode.NOT_SERVING, ZooKeeperMode.NOT_SERVING, ZooKeeperMode.UNREACHABLE))
        .thenReturn(zooKeeperServing());
    when(cluster.health()).thenReturn(mesos(null)).thenReturn(mesos("alimesos02"));

    assertThatThrownBy(() -> quorum.requireOthersHealthy("alimesos03")).isInstanceOf(MasterQuorum.QuorumUnhealthy.class);
    MasterQuorum.Look look = quorum.requireOthersHealthy("alimesos03");

    assertThat(look.healthy()).isTrue();
    assertThat(look.leader()).isEqualTo("alimesos02");
    assertThat(quorum.settleWindow()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aSingleLookSeesTheElectionAsAProblem() {
    healthyCluster();
    when(cluster.zooKeeper())
        .thenReturn(zooKeeper(ZooKeeperMode.NOT_SERVING, ZooKeeperMode.NOT_SERVING, ZooKeeperMode.UNREACHABLE));
    when(cluster.health()).thenReturn(mesos(null));

    MasterQuorum.Look look = quorum.look("alimesos03");

    assertThat(look.healthy()).isFalse();
    assertThat(look.problems())
        .contains("ZooKeeper on alimesos01 is not serving (NOT_SERVING: This ZooKeeper instance is not currently serving requests)",
            "no Mesos leader is elected");
  }

  @Test
  void refusesANameThatIsNotAMaster() {
    healthyCluster();

    assertThatThrownBy(() -> quorum.requireOthersHealthy("alibuild07"))
        .isInstanceOf(PolicyViolation.class)
        .hasMessageContaining("'alibuild07' is not one of the Mesos masters");
  }

  /**
   * Over the wire against the simulated masters with realistic elections: the ZooKeeper leader's
   * container restarts, a single look in the next 0.4 s sees no quorum, the look a settle window
   * later (rebuild-master's timer; here the test waits) passes.
   */
  @Test
  void theSimulatedElectionWindowIsSettledOverTheWire() throws Exception {
    SimulatedDataCentre dc = SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    List<MasterPorts> ports = MASTERS.stream().map(m -> new MasterPorts(m, 0, 0, 0)).toList();
    try (SimulatedMesos mesos =
        new SimulatedMesos(dc, new Faults(), ports, new ElectionTimings(Duration.ofMillis(400), Duration.ofMillis(600)))
            .start()) {
      MesosProperties properties = new MesosProperties();
      for (MasterPorts p : mesos.masters()) {
        MesosProperties.Master m = new MesosProperties.Master();
        m.setName(p.name());
        m.setMesosUrl(URI.create("http://127.0.0.1:" + p.mesosPort()));
        m.setMarathonUrl(URI.create("http://127.0.0.1:" + p.marathonPort()));
        m.setZookeeper("127.0.0.1:" + p.zookeeperPort());
        properties.getMasters().add(m);
      }
      ClusterPort wire = new MesosClusterClient(properties);
      MasterQuorum settling = new MasterQuorum(wire, Duration.ofSeconds(2));
      assertThat(settling.look("alimesos02").healthy()).isTrue();
      String zkLeader = wire.zooKeeper().leader().orElseThrow();

      dc.restartContainer(zkLeader, "zookeeper");
      MasterQuorum.Look duringElection = settling.look("alimesos02");

      assertThat(duringElection.healthy()).isFalse();
      assertThat(duringElection.summary()).contains("is not serving (NOT_SERVING");
      Thread.sleep(settling.settleWindow().toMillis());
      assertThat(settling.requireOthersHealthy("alimesos02").healthy()).isTrue();
    }
  }
}
