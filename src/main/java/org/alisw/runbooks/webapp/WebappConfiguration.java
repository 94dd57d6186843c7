package org.alisw.runbooks.webapp;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operators' Tasklist filters (the Cockpit plugin needs no bean: Cockpit finds it by ServiceLoader). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TasklistFilterProperties.class)
class WebappConfiguration {

  @Bean
  TasklistFilters webappTasklistFilters(TasklistFilterProperties properties) {
    return new TasklistFilters(properties);
  }
}
