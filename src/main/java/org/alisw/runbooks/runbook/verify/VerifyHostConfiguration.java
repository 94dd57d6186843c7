package org.alisw.runbooks.runbook.verify;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The settings {@code verify-host.bpmn} reads. */
@Configuration(proxyBeanMethods = false)
class VerifyHostConfiguration {

  @Bean
  VerifyHostSettings verifyHostSettings(VerifyHostProperties properties) {
    return new VerifyHostSettings(properties);
  }
}
