package org.alisw.runbooks.history;

import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The history resource in the engine REST application, beside Camunda's own resources. */
@Configuration(proxyBeanMethods = false)
class RunbookHistoryConfiguration {

  @Bean
  RunbookHistory runbookHistory(ProcessEngine engine) {
    return new RunbookHistory(engine);
  }

  @Bean
  ResourceConfigCustomizer runbookHistoryResource(RunbookHistory runbookHistory) {
    return config -> config.register(new RunbookHistoryResource(runbookHistory));
  }
}
