package org.alisw.runbooks.runbook.lifecycle;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The settings bean the lifecycle runbooks' timers read ({@code ${lifecycle.rebuildTimeout}}). */
@Configuration(proxyBeanMethods = false)
class LifecycleConfiguration {

  @Bean(name = "lifecycle")
  LifecycleSettings lifecycleSettings(LifecycleProperties properties) {
    return new LifecycleSettings(properties);
  }
}
