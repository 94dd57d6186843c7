package org.alisw.runbooks.policy;

import org.alisw.runbooks.mesos.ClusterPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The master quorum rule as a bean, for the start check and the check right before a rebuild. */
@Configuration(proxyBeanMethods = false)
class MasterQuorumConfiguration {

  @Bean
  MasterQuorum masterQuorum(ClusterPort cluster, MasterQuorumProperties properties) {
    return new MasterQuorum(cluster, properties.settleWindow());
  }
}
