package org.alisw.runbooks.policy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The protected hosts as a bean, for the start checks and the delegates' second check. */
@Configuration(proxyBeanMethods = false)
class ProtectedHostsConfiguration {

  @Bean
  ProtectedHosts protectedHosts(ProtectedHostsProperties properties) {
    return ProtectedHosts.of(properties);
  }
}
