package org.alisw.runbooks.roger;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Roger adapter, pointed at {@code runbooks.roger.url} (real or simulated). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RogerProperties.class)
public class RogerConfiguration {

  @Bean
  MachineStatePort machineStatePort(RogerProperties properties) {
    return new RogerClient(properties);
  }
}
