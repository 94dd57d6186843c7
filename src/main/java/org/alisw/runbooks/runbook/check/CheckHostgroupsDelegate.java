package org.alisw.runbooks.runbook.check;

import java.util.List;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ForemanProperties;
import org.springframework.stereotype.Component;

/** Foreman shows the hostgroups alibuild/mesos/master and alibuild/mesos/slave. */
@Component("preflightHostgroups")
class CheckHostgroupsDelegate extends ForemanLookupDelegate {

  private final ConfigManagementPort foreman;

  CheckHostgroupsDelegate(ConfigManagementPort foreman, PreflightRequest request, ForemanProperties foremanSettings) {
    super(request, foremanSettings);
    this.foreman = foreman;
  }

  @Override
  String kind() {
    return "hostgroups";
  }

  @Override
  List<String> expected() {
    return request.settings().hostgroups();
  }

  @Override
  boolean exists(String hostgroup) {
    return foreman.hostgroupExists(hostgroup);
  }
}
