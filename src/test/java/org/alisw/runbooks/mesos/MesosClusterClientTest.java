package org.alisw.runbooks.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.mesos.SimulatedMesos;
import org.alisw.runbooks.sandbox.mesos.SimulatedMesos.MasterPorts;
import org.alisw.runbooks.sandbox.mesos.SimulatedMesos.ReceivedCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster adapter over the wire against the simulated masters. */
class MesosClusterClientTest {

  private SimulatedDataCentre dc;
  private Faults faults;
  private SimulatedMesos mesos;
  private MesosClusterClient cluster;
  private MesosProperties properties;

  @BeforeEach
  void start() throws IOException {
    dc = SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    faults = new Faults();
    List<MasterPorts> ports = new ArrayList<>();
    for (String name : List.of("alimesos01", "alimesos02", "alimesos03")) {
      ports.add(new MasterPorts(name, 0, 0, 0));
    }
    mesos = new SimulatedMesos(dc, faults, ports).start();
    properties = new MesosProperties();
    for (MasterPorts p : mesos.masters()) {
      String name = p.name();
      MesosProperties.Master m = new MesosProperties.Master();
      m.setName(name);
      m.setMesosUrl(URI.create("http://127.0.0.1:" + p.mesosPort()));
      m.setMarathonUrl(URI.create("http://127.0.0.1:" + p.marathonPort()));
      m.setZookeeper("127.0.0.1:" + p.zookeeperPort());
      properties.getMasters().add(m);
    }
    properties.setImportantFrameworks(List.of("Jenkins*", "aurora"));
    properties.setRequestTimeout(Duration.ofSeconds(5));
    cluster = new MesosClusterClient(properties);
  }

  @AfterEach
  void stop() {
    if (mesos != null) {
      mesos.close();
    }
  }

  @Test
  void findsTheLeaderThroughANonLeadingMaster() {
    MesosLeader leader = cluster.leaderAccordingTo("alimesos02").orElseThrow();

    assertThat(leader.master()).isEqualTo("alimesos01");
    assertThat(leader.askedMaster()).isEqualTo("alimesos02");
    assertThat(leader.redirected()).isTrue();
    assertThat(leader.port()).isEqualTo(mesos.ports("alimesos01").mesosPort());
    assertThat(leader.pid()).isEqualTo("master@127.0.0.1:" + mesos.ports("alimesos01").mesosPort());
    assertThat(mesosRequests())
        .containsExactly("alimesos02 GET /master/state", "alimesos01 GET /master/state");
  }

  @Test
  void findsTheLeaderWhenTheFirstMasterIsDown() {
    dc.server("alimesos01").orElseThrow().stopContainer("mesos-master");

    MesosLeader leader = cluster.leader().orElseThrow();

    assertThat(leader.master()).isEqualTo("alimesos02");
    // alimesos01 got the request but closed the connection without an answer.
    assertThat(mesosRequests()).contains("alimesos01 GET /master/state", "alimesos02 GET /master/state");
  }

  @Test
  void aMasterAnsweringAnErrorIsSkipped() {
    faults.inject("mesos.state@alimesos01", new Faults.HttpStatus(500, "boom"), 1);

    MesosLeader leader = cluster.leader().orElseThrow();

    assertThat(leader.master()).isEqualTo("alimesos01");
    assertThat(leader.askedMaster()).isEqualTo("alimesos02");
    assertThat(mesosRequests())
        .containsExactly(
            "alimesos01 GET /master/state", "alimesos02 GET /master/state", "alimesos01 GET /master/state");
  }

  @Test
  void everyMasterIsHealthyWithAQuorum() {
    ClusterHealth health = cluster.health();

    assertThat(health.mastersUp()).isEqualTo(3);
    assertThat(health.hasQuorum()).isTrue();
    assertThat(health.masters()).extracting(MasterHealth::leaderSeen).containsOnly("alimesos01");
    assertThat(mesosRequests())
        .contains(
            "alimesos01 GET /health", "alimesos01 GET /master/redirect",
            "alimesos02 GET /health", "alimesos02 GET /master/redirect",
            "alimesos03 GET /health", "alimesos03 GET /master/redirect");
  }

  @Test
  void quorumIsLostWhenTwoMastersAreDown() {
    for (String down : List.of("alimesos02", "alimesos03")) {
      SimulatedServer server = dc.server(down).orElseThrow();
      server.stopContainer("mesos-master");
      server.stopContainer("zookeeper");
    }

    ClusterHealth health = cluster.health();
    ZooKeeperEnsemble zk = cluster.zooKeeper();

    assertThat(health.mastersUp()).isEqualTo(1);
    assertThat(health.mastersDown()).containsExactly("alimesos02", "alimesos03");
    assertThat(health.leader()).isEmpty();
    assertThat(health.hasQuorum()).isFalse();
    MasterHealth survivor = health.masters().get(0);
    assertThat(survivor.up()).isTrue();
    assertThat(survivor.leaderSeen()).isNull();
    assertThat(survivor.error()).contains("503").contains("No leader elected");
    assertThat(cluster.leadershipMovedAwayFrom("alimesos01")).isFalse();

    assertThat(zk.hasQuorum()).isFalse();
    assertThat(zk.servers())
        .extracting(ZooKeeperStatus::mode)
        .containsExactly(ZooKeeperMode.NOT_SERVING, ZooKeeperMode.UNREACHABLE, ZooKeeperMode.UNREACHABLE);
    assertThat(mesos.commands()).contains(new ReceivedCommand("alimesos01", "srvr"));
  }

  @Test
  void leadershipTransitionIsObserved() {
    assertThat(cluster.leader().orElseThrow().master()).isEqualTo("alimesos01");
    assertThat(cluster.leadershipMovedAwayFrom("alimesos01")).isFalse();

    // What the runbook does over SSH: docker restart mesos-master on the leader.
    dc.restartContainer("alimesos01", "mesos-master");

    assertThat(cluster.leadershipMovedAwayFrom("alimesos01")).isTrue();
    MesosLeader leader = cluster.leader().orElseThrow();
    assertThat(leader.master()).isEqualTo("alimesos02");
    // alimesos01 is no longer the leader: it redirected the question to alimesos02.
    assertThat(leader.askedMaster()).isEqualTo("alimesos01");
    assertThat(leader.redirected()).isTrue();
    assertThat(mesosRequests()).endsWith("alimesos01 GET /master/state", "alimesos02 GET /master/state");
  }

  @Test
  void listsTheAgentsThatAreActive() {
    dc.server("alibuild04").orElseThrow().beginTransition("HARD_REBOOT", Duration.ofMinutes(5), "ACTIVE", dc.now());

    List<MesosAgent> agents = cluster.agents();

    assertThat(agents).extracting(MesosAgent::hostname).hasSize(11).contains("alibuild01", "alibuild12")
        .doesNotContain("alibuild04");
    assertThat(agents).allMatch(MesosAgent::active);
    assertThat(mesosRequests()).containsExactly("alimesos01 GET /master/slaves");
  }

  @Test
  void listsTheTasksOfAnAgentWithTheirFrameworks() {
    AgentTasks tasks = cluster.tasksOn("alibuild03.cern.ch");

    assertThat(tasks.registered()).isTrue();
    assertThat(tasks.hostname()).isEqualTo("alibuild03");
    assertThat(tasks.tasks())
        .extracting(MesosTask::frameworkName, MesosTask::name, MesosTask::state, MesosTask::important)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("marathon", "monitoring_node-exporter", "TASK_RUNNING", false),
            org.assertj.core.groups.Tuple.tuple(
                "Jenkins Scheduler", "jenkins-alibuild-o2-pr-checker-slc9-1294", "TASK_RUNNING", true));
    assertThat(tasks.runsImportantTasks()).isTrue();
    assertThat(tasks.importantTasks()).extracting(MesosTask::frameworkName).containsExactly("Jenkins Scheduler");
    assertThat(mesosRequests()).containsExactly("alimesos01 GET /master/slaves", "alimesos01 GET /master/frameworks");
  }

  @Test
  void anAgentWithoutImportantTasksAndAnUnknownAgent() {
    AgentTasks quiet = cluster.tasksOn("alibuild02");
    assertThat(quiet.tasks()).extracting(MesosTask::frameworkName).containsExactly("marathon");
    assertThat(quiet.runsImportantTasks()).isFalse();

    mesos.clearReceived();
    AgentTasks unknown = cluster.tasksOn("alibuild99");
    assertThat(unknown.registered()).isFalse();
    assertThat(unknown.tasks()).isEmpty();
    assertThat(mesosRequests()).containsExactly("alimesos01 GET /master/slaves");
  }

  @Test
  void agentsNeedALeader() {
    for (String down : List.of("alimesos02", "alimesos03")) {
      dc.server(down).orElseThrow().stopContainer("mesos-master");
    }

    assertThatThrownBy(() -> cluster.agents())
        .isInstanceOf(ClusterUnavailableException.class)
        .hasMessageContaining("No leader elected");
  }

  @Test
  void marathonOnEveryMaster() {
    List<MarathonStatus> marathon = cluster.marathon();

    assertThat(marathon).extracting(MarathonStatus::pong).containsOnly(true);
    assertThat(marathon).extracting(MarathonStatus::leader).containsOnly("alimesos01");
    assertThat(marathon).extracting(MarathonStatus::elected).containsExactly(true, false, false);
    assertThat(marathonRequests())
        .containsExactly(
            "alimesos01 GET /ping", "alimesos01 GET /v2/info",
            "alimesos02 GET /ping", "alimesos02 GET /v2/info",
            "alimesos03 GET /ping", "alimesos03 GET /v2/info");
  }

  @Test
  void marathonLeaderMovesWhenItsContainerStops() {
    dc.server("alimesos01").orElseThrow().stopContainer("marathon");

    List<MarathonStatus> marathon = cluster.marathon();

    assertThat(marathon.get(0).pong()).isFalse();
    assertThat(marathon.get(0).error()).startsWith("unreachable");
    assertThat(marathon.get(1).leader()).isEqualTo("alimesos02");
    assertThat(marathon.get(2).leader()).isEqualTo("alimesos02");
  }

  @Test
  void zooKeeperModesFollowTheEnsemble() {
    ZooKeeperEnsemble zk = cluster.zooKeeper();

    assertThat(zk.hasQuorum()).isTrue();
    assertThat(zk.servers())
        .extracting(ZooKeeperStatus::mode)
        .containsExactly(ZooKeeperMode.FOLLOWER, ZooKeeperMode.FOLLOWER, ZooKeeperMode.LEADER);
    assertThat(zk.servers().get(0).version()).startsWith("3.4.14-");
    long epoch = zk.servers().get(2).zxid() >>> 32;
    assertThat(mesos.commands())
        .containsExactly(
            new ReceivedCommand("alimesos01", "srvr"),
            new ReceivedCommand("alimesos02", "srvr"),
            new ReceivedCommand("alimesos03", "srvr"));

    dc.server("alimesos03").orElseThrow().stopContainer("zookeeper");
    ZooKeeperEnsemble afterElection = cluster.zooKeeper();

    assertThat(afterElection.hasQuorum()).isTrue();
    assertThat(afterElection.leader()).contains("alimesos02");
    assertThat(afterElection.servers().get(2).mode()).isEqualTo(ZooKeeperMode.UNREACHABLE);
    assertThat(afterElection.servers().get(1).zxid() >>> 32).isGreaterThan(epoch);
  }

  @Test
  void aMasterSlowerThanTheTimeoutCountsAsDown() {
    MesosClusterClient impatient =
        impatient(
            "mesos.health@alimesos02", new Faults.Latency(Duration.ofSeconds(2)),
            "zookeeper.srvr@alimesos03", new Faults.Latency(Duration.ofSeconds(2)));

    ClusterHealth health = impatient.health();
    ZooKeeperEnsemble zk = impatient.zooKeeper();

    assertThat(health.mastersDown()).containsExactly("alimesos02");
    assertThat(health.masters().get(1).error()).containsIgnoringCase("timed out");
    assertThat(health.hasQuorum()).isTrue();
    assertThat(zk.servers().get(2).mode()).isEqualTo(ZooKeeperMode.UNREACHABLE);
    assertThat(zk.servers().get(2).error()).containsIgnoringCase("timed out");
    // Two of three still vote, but the leader (alimesos03) did not answer: no leader seen.
    assertThat(zk.votingMembers()).isEqualTo(2);
  }

  @Test
  void aLeaderThatStallsAfterTheHeadersIsSkippedWithinTheTimeout() {
    MesosClusterClient impatient =
        impatient(
            "mesos.slaves@alimesos01", new Faults.StallBody(Duration.ofSeconds(30)),
            "marathon.info@alimesos02", new Faults.StallBody(Duration.ofSeconds(30)));

    // Without a bound on the body each call would wait the whole stall.
    List<MesosAgent> agents = assertTimeoutPreemptively(Duration.ofSeconds(10), impatient::agents);
    List<MarathonStatus> marathon = assertTimeoutPreemptively(Duration.ofSeconds(10), impatient::marathon);

    assertThat(agents).extracting(MesosAgent::hostname).contains("alibuild01");
    // The leader stalled; alimesos02 sent the question back to it, and then it answered.
    assertThat(mesosRequests())
        .containsExactly(
            "alimesos01 GET /master/slaves", "alimesos02 GET /master/slaves", "alimesos01 GET /master/slaves");
    assertThat(marathon.get(1).error()).contains("/v2/info failed").containsIgnoringCase("timed out");
    assertThat(marathon.get(0).error()).isNull();
  }

  /** A client with a 300 ms request timeout, and each fault injected once. */
  private MesosClusterClient impatient(String operation1, Faults.Fault fault1, String operation2, Faults.Fault fault2) {
    properties.setRequestTimeout(Duration.ofMillis(300));
    faults.inject(operation1, fault1, 1);
    faults.inject(operation2, fault2, 1);
    return new MesosClusterClient(properties);
  }

  private List<String> mesosRequests() {
    return requests("mesos");
  }

  private List<String> marathonRequests() {
    return requests("marathon");
  }

  private List<String> requests(String service) {
    return mesos.requests().stream()
        .filter(r -> r.service().equals(service))
        .map(r -> r.master() + " " + r.method() + " " + r.path())
        .toList();
  }

}
