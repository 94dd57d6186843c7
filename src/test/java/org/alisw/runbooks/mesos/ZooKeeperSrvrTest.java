package org.alisw.runbooks.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZooKeeperSrvrTest {

  @Test
  void parsesAFollowerOfZooKeeper34() {
    String answer =
        """
        Zookeeper version: 3.4.14-4c25d480e66aadd371de8bd2fd8da255ac140bcf, built on 03/06/2019 16:18 GMT
        Latency min/avg/max: 0/0/25
        Received: 1466
        Sent: 1465
        Connections: 2
        Outstanding: 0
        Zxid: 0x100000010
        Mode: follower
        Node count: 44
        """;

    ZooKeeperStatus s = ZooKeeperSrvr.parse("alimesos02", answer);

    assertThat(s.mode()).isEqualTo(ZooKeeperMode.FOLLOWER);
    assertThat(s.version()).isEqualTo("3.4.14-4c25d480e66aadd371de8bd2fd8da255ac140bcf");
    assertThat(s.latencyMin()).isZero();
    assertThat(s.latencyMax()).isEqualTo(25);
    assertThat(s.connections()).isEqualTo(2);
    assertThat(s.outstanding()).isZero();
    assertThat(s.zxid()).isEqualTo(0x100000010L);
    assertThat(s.nodeCount()).isEqualTo(44);
    assertThat(s.error()).isNull();
  }

  @Test
  void parsesALeaderOfZooKeeper36WithAFloatLatencyAndProposalSizes() {
    String answer =
        "Zookeeper version: 3.6.3--6401e4ad2087061bc6b9f80dec2d69f2e3c8660a, built on 04/08/2021 16:35 GMT\n"
            + "Latency min/avg/max: 0/0.4583/11\n"
            + "Received: 230\n"
            + "Sent: 229\n"
            + "Connections: 1\n"
            + "Outstanding: 0\n"
            + "Zxid: 0x200000003\n"
            + "Mode: leader\n"
            + "Node count: 5\n"
            + "Proposal sizes last/min/max: 36/32/84\n";

    ZooKeeperStatus s = ZooKeeperSrvr.parse("alimesos03", answer);

    assertThat(s.mode()).isEqualTo(ZooKeeperMode.LEADER);
    assertThat(s.version()).isEqualTo("3.6.3--6401e4ad2087061bc6b9f80dec2d69f2e3c8660a");
    assertThat(s.latencyAvg()).isEqualTo(0.4583);
    assertThat(s.zxid()).isEqualTo(0x200000003L);
  }

  @Test
  void parsesStandaloneNotServingAndNotWhitelisted() {
    assertThat(ZooKeeperSrvr.parse("m", "Zookeeper version: 3.4.6-1569965, built on 02/20/2014 09:09 GMT\nMode: standalone\n").mode())
        .isEqualTo(ZooKeeperMode.STANDALONE);
    assertThat(ZooKeeperSrvr.parse("m", "This ZooKeeper instance is not currently serving requests\n").mode())
        .isEqualTo(ZooKeeperMode.NOT_SERVING);
    ZooKeeperStatus notWhitelisted =
        ZooKeeperSrvr.parse("m", "srvr is not executed because it is not in the whitelist.\n");
    assertThat(notWhitelisted.mode()).isEqualTo(ZooKeeperMode.UNKNOWN);
    assertThat(notWhitelisted.error()).contains("not in the whitelist");
    assertThat(ZooKeeperSrvr.parse("m", "").mode()).isEqualTo(ZooKeeperMode.UNREACHABLE);
  }

  @Test
  void anEnsembleHasAQuorumWithAMajorityOfVotingMembersAndOneLeader() {
    ZooKeeperStatus leader = status("a", ZooKeeperMode.LEADER);
    ZooKeeperStatus follower = status("b", ZooKeeperMode.FOLLOWER);
    ZooKeeperStatus down = status("c", ZooKeeperMode.UNREACHABLE);
    ZooKeeperStatus notServing = status("a", ZooKeeperMode.NOT_SERVING);

    assertThat(new ZooKeeperEnsemble(List.of(leader, follower, down)).hasQuorum()).isTrue();
    assertThat(new ZooKeeperEnsemble(List.of(leader, follower, down)).leader()).contains("a");
    assertThat(new ZooKeeperEnsemble(List.of(notServing, down, status("b", ZooKeeperMode.UNREACHABLE))).hasQuorum())
        .isFalse();
    assertThat(new ZooKeeperEnsemble(List.of(status("a", ZooKeeperMode.FOLLOWER), follower, down)).hasQuorum())
        .isFalse();
  }

  @Test
  void importantFrameworksAreCaseInsensitiveGlobs() {
    assertThat(MesosClusterClient.glob("Jenkins*").matcher("jenkins scheduler").matches()).isTrue();
    assertThat(MesosClusterClient.glob("aurora").matcher("Aurora").matches()).isTrue();
    assertThat(MesosClusterClient.glob("aurora").matcher("aurora-dev").matches()).isFalse();
    assertThat(MesosClusterClient.glob("*").matcher("marathon").matches()).isTrue();
  }

  private static ZooKeeperStatus status(String master, ZooKeeperMode mode) {
    return new ZooKeeperStatus(master, mode, null, 0, 0, 0, 0, 0, 0, 0, null);
  }
}
