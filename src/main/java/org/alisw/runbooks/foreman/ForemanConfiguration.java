package org.alisw.runbooks.foreman;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Foreman adapter, pointed at {@code runbooks.foreman.url} (real or simulated), and puppetinit. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ForemanProperties.class)
public class ForemanConfiguration {

  @Bean
  ConfigManagementPort configManagementPort(ForemanProperties properties) {
    return new ForemanClient(properties);
  }

  /** Checked at start-up: a template with placeholders we cannot fill stops the application. */
  @Bean
  PuppetInitTemplate puppetInitTemplate(ForemanProperties properties) {
    return PuppetInitTemplate.from(properties.getPuppetinit());
  }
}
