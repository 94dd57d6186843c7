package org.alisw.runbooks.runbook.create;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.alisw.runbooks.foreman.ForemanException;
import org.alisw.runbooks.foreman.ForemanHost;

/** Foreman's hosts in memory (behind a Mockito mock of the port, see CreateFixture); registering adopts a host with the same hostgroup and environment, as the client does. */
final class FakeForeman {

  final Map<String, ForemanHost> hosts = new LinkedHashMap<>();
  int registrations;
  /** When set, the next registration is stored and then fails, as a job that dies after Foreman accepted it. */
  boolean failNextAfterAccept;
  private long ids = 40;

  ForemanHost existing(String name, String hostgroup) {
    ForemanHost host = new ForemanHost(++ids, name + ".cern.ch", hostgroup, "production", false, null, "OK", null);
    hosts.put(name, host);
    return host;
  }

  public ForemanHost register(String hostname, String hostgroup, String environment, String marker) {
    registrations++;
    ForemanHost existing = hosts.get(hostname);
    if (existing != null) {
      if (marker != null && !marker.equals(existing.comment())) {
        throw new ForemanException(409, existing.name() + " is already registered in Foreman, not by this runbook");
      }
      return existing;
    }
    ForemanHost host = new ForemanHost(++ids, hostname + ".cern.ch", hostgroup, environment, false, null, "OK", null, marker);
    hosts.put(hostname, host);
    if (failNextAfterAccept) {
      failNextAfterAccept = false;
      throw new ForemanException(504, "Gateway timeout after Foreman accepted the host");
    }
    return host;
  }

  public Optional<ForemanHost> host(String hostname) {
    return Optional.ofNullable(hosts.get(hostname));
  }


  public boolean delete(String hostname) {
    return hosts.remove(hostname) != null;
  }


}
