package org.alisw.runbooks.policy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The safety rules as beans, for start-time checks and for the delegates' second check. */
@Configuration(proxyBeanMethods = false)
class PolicyConfiguration {

  @Bean
  HostNamePolicy hostNamePolicy(PolicyProperties properties) {
    return new HostNamePolicy(properties.hostNamePattern());
  }
}
