package org.alisw.runbooks.runbook.check;

import java.util.List;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.foreman.ForemanProperties;
import org.springframework.stereotype.Component;

/** Foreman shows the Puppet environments production and alibuild_devel. */
@Component("preflightEnvironments")
class CheckEnvironmentsDelegate extends ForemanLookupDelegate {

  private final ConfigManagementPort foreman;

  CheckEnvironmentsDelegate(ConfigManagementPort foreman, PreflightRequest request, ForemanProperties foremanSettings) {
    super(request, foremanSettings);
    this.foreman = foreman;
  }

  @Override
  String kind() {
    return "environments";
  }

  @Override
  List<String> expected() {
    return request.settings().environments();
  }

  @Override
  boolean exists(String environment) {
    return foreman.environmentExists(environment);
  }
}
