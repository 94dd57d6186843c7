package org.alisw.runbooks.mesos;

import java.util.List;
import java.util.Optional;

/**
 * The ZooKeeper ensemble of the masters: it has a quorum when a strict majority of its servers are
 * voting members (leader or follower) and exactly one of them leads.
 */
public record ZooKeeperEnsemble(List<ZooKeeperStatus> servers) {

  public ZooKeeperEnsemble {
    servers = List.copyOf(servers);
  }

  public Optional<String> leader() {
    List<String> leaders =
        servers.stream().filter(s -> s.mode() == ZooKeeperMode.LEADER).map(ZooKeeperStatus::master).toList();
    return leaders.size() == 1 ? Optional.of(leaders.get(0)) : Optional.empty();
  }

  public long votingMembers() {
    return servers.stream().filter(s -> s.mode().isVotingMember()).count();
  }

  public boolean hasQuorum() {
    if (servers.size() == 1) {
      return servers.get(0).mode() == ZooKeeperMode.STANDALONE;
    }
    return votingMembers() > servers.size() / 2 && leader().isPresent();
  }
}
