package org.alisw.runbooks.policy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The naming and zone rules of new machines, as beans. */
@Configuration(proxyBeanMethods = false)
class CreationPolicyConfiguration {

  @Bean
  MachineNaming machineNaming(NamingProperties naming) {
    return new MachineNaming(naming.agent(), naming.master());
  }

  @Bean
  MasterZones masterZones(ZonesProperties zones) {
    return new MasterZones(zones.master());
  }
}
