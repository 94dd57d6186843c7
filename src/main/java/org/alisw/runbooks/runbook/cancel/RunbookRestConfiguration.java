package org.alisw.runbooks.runbook.cancel;

import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine REST application plus the runbooks' own resources. The starter's resource config is
 * {@code @ConditionalOnMissingBean}: this one replaces it and registers everything it does first.
 */
@Configuration(proxyBeanMethods = false)
class RunbookRestConfiguration {

  @Bean
  CamundaJerseyResourceConfig runbookRestResources(RunbookCancellation cancellation) {
    return new RunbookResourceConfig(cancellation);
  }

  /** Camunda's resources, then ours. */
  static class RunbookResourceConfig extends CamundaJerseyResourceConfig {

    private final RunbookCancellation cancellation;

    RunbookResourceConfig(RunbookCancellation cancellation) {
      this.cancellation = cancellation;
    }

    @Override
    protected void registerAdditionalResources() {
      register(new CancelRunbookResource(cancellation));
    }
  }
}
