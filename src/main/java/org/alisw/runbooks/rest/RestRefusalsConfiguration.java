package org.alisw.runbooks.rest;

import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Adds the refusal mappers (400) and the unavailable-service mappers (503) to the engine REST
 * application. A {@link ResourceConfigCustomizer}
 * (applied by Spring Boot's Jersey auto-configuration to whichever {@code ResourceConfig} bean
 * serves {@code /engine-rest}) rather than a second {@code CamundaJerseyResourceConfig}: there can
 * be only one, and the runbooks' own resources already replace the starter's.
 */
@Configuration(proxyBeanMethods = false)
class RestRefusalsConfiguration {

  @Bean
  ResourceConfigCustomizer restRefusalMappers() {
    return config -> {
      config.register(RefusalMapper.class);
      config.register(PolicyViolationMapper.class);
      config.register(RequestRejectedMapper.class);
      config.register(ServiceUnavailableMappers.ForRestException.class);
      config.register(ServiceUnavailableMappers.ForProcessEngineException.class);
      config.register(ServiceUnavailableMappers.ForAnyException.class);
    };
  }
}
