package org.alisw.runbooks.security;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Identity at start-up and HTTP basic authentication in front of {@code /engine-rest}. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  IdentityBootstrap identityBootstrap(SecurityProperties properties) {
    return new IdentityBootstrap(properties);
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
