package org.alisw.runbooks.ops;

import java.util.Set;
import org.alisw.runbooks.security.SecurityProperties;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Basic authentication in front of the actuator endpoints (docs/operations.md, "Health and metrics"). */
@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

  @Bean
  FilterRegistrationBean<ActuatorAuthenticationFilter> actuatorAuthenticationFilter(
      IdentityService identity,
      SecurityProperties security,
      @Value("${management.endpoints.web.base-path:/actuator}") String basePath) {
    FilterRegistrationBean<ActuatorAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ActuatorAuthenticationFilter(
            identity, Set.of(security.operatorsGroup(), security.adminGroup()), basePath));
    registration.setName("runbooks-actuator-authentication");
    registration.addUrlPatterns(basePath, basePath + "/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
