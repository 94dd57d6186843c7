package org.alisw.runbooks.security;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Identity at start-up, the engine's own limits, HTTP basic authentication in front of {@code
 * /engine-rest}, and no first-user setup endpoint.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  IdentityBootstrap identityBootstrap(
      SecurityProperties properties, @Value("${camunda.bpm.admin-user.id:}") String starterAdminUser,
      ObjectProvider<OperatorTaskFilters> operatorFilters) {
    return new IdentityBootstrap(properties, starterAdminUser, operatorFilters.orderedStream().toList());
  }

  @Bean
  EngineSecurityPlugin engineSecurityPlugin(SecurityProperties properties) {
    return new EngineSecurityPlugin(properties.adminGroup());
  }

  /** Ahead of the webapp's own filters, so no request ever reaches the setup resource. */
  @Bean
  FilterRegistrationBean<SetupEndpointFilter> setupEndpointFilter(
      @Value("${camunda.bpm.webapp.application-path:/camunda}") String webappPath) {
    FilterRegistrationBean<SetupEndpointFilter> registration =
        new FilterRegistrationBean<>(new SetupEndpointFilter());
    registration.setName("runbooks-no-setup-endpoint");
    registration.addUrlPatterns(webappPath + "/api/admin/setup/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /** Without this filter the REST API answers anyone (pitfalls.md); with it: 401 unless known. */
  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> restAuthenticationFilter() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("runbooks-rest-authentication");
    registration.addUrlPatterns("/engine-rest/*");
    registration.addInitParameter(
        ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        HttpBasicAuthenticationProvider.class.getName());
    // Jersey is mounted under /engine-rest: without the prefix the filter cannot find the engine
    // name in the path and refuses every request.
    registration.addInitParameter(ProcessEngineAuthenticationFilter.SERVLET_PATH_PREFIX, "/engine-rest");
    return registration;
  }
}
