package org.alisw.runbooks.runbook.fleet;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine plugin that hands a fleet host's escalations back to the fleet. */
@Configuration(proxyBeanMethods = false)
class FleetConfiguration {

  @Bean
  FleetEscalationPlugin fleetEscalationPlugin() {
    return new FleetEscalationPlugin();
  }
}
