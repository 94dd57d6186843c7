package org.alisw.runbooks.runbook.create;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ConfigReport;
import org.alisw.runbooks.foreman.ConfigurationStatus;
import org.alisw.runbooks.foreman.ForemanHost;

/** Foreman's hosts in memory; registering adopts a host with the same hostgroup and environment, as the client does. */
final class FakeForeman implements ConfigManagementPort {

  final Map<String, ForemanHost> hosts = new LinkedHashMap<>();
  int registrations;
  private long ids = 40;

  ForemanHost existing(String name, String hostgroup) {
    ForemanHost host = new ForemanHost(++ids, name + ".cern.ch", hostgroup, "production", false, null, "OK", null);
    hosts.put(name, host);
    return host;
  }

  @Override
  public ForemanHost register(String hostname, String hostgroup, String environment) {
    registrations++;
    ForemanHost existing = hosts.get(hostname);
    if (existing != null) {
      return existing;
    }
    ForemanHost host = new ForemanHost(++ids, hostname + ".cern.ch", hostgroup, environment, false, null, "OK", null);
    hosts.put(hostname, host);
    return host;
  }

  @Override
  public Optional<ForemanHost> host(String hostname) {
    return Optional.ofNullable(hosts.get(hostname));
  }

  @Override
  public ForemanHost requireHost(String hostname) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean delete(String hostname) {
    return hosts.remove(hostname) != null;
  }

  @Override
  public Optional<ConfigReport> lastReport(String hostname) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ConfigurationStatus configurationStatus(String hostname) {
    throw new UnsupportedOperationException();
  }
}
