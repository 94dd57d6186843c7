package org.alisw.runbooks.foreman;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Foreman adapter, pointed at {@code runbooks.foreman.url} (real or simulated). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ForemanProperties.class)
public class ForemanConfiguration {

  @Bean
  ConfigManagementPort configManagementPort(ForemanProperties properties) {
    return new ForemanClient(properties);
  }
}
