package org.alisw.runbooks.history;

import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The history resource in the engine REST application, beside Camunda's own resources. */
@Configuration(proxyBeanMethods = false)
class RunbookHistoryConfiguration {

  @Bean
  ResourceConfigCustomizer runbookHistoryResource() {
    return config -> config.register(RunbookHistoryResource.class);
  }
}
