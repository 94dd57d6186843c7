package org.alisw.runbooks.runbook.cancel;

import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.glassfish.jersey.internal.inject.AbstractBinder;
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
      // The class, with its collaborator bound for injection: an instance registered as such is
      // taken for a provider too, and Jersey warns that it ignores it.
      register(CancelRunbookResource.class);
      register(
          new AbstractBinder() {
            @Override
            protected void configure() {
              bind(cancellation).to(RunbookCancellation.class);
            }
          });
    }
  }
}
