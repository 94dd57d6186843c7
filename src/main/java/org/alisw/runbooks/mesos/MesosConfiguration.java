package org.alisw.runbooks.mesos;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The cluster adapter, pointed at the masters of {@code runbooks.mesos} (real or simulated). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MesosProperties.class)
public class MesosConfiguration {

  @Bean
  ClusterPort clusterPort(MesosProperties properties) {
    return new MesosClusterClient(properties);
  }
}
