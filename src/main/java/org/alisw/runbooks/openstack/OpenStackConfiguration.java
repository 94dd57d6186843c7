package org.alisw.runbooks.openstack;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link CloudPort} on openstack4j, configured by {@code runbooks.openstack.*}, and the quick
 * {@link CloudLookup} ({@code startCheckCloud}) the start listeners use.
 */
@Configuration(proxyBeanMethods = false)
class OpenStackConfiguration {

  private static final Logger log = LoggerFactory.getLogger(OpenStackConfiguration.class);

  @Bean
  CloudPort cloudPort(OpenStackProperties properties) {
    if (!properties.projects().containsKey(properties.defaultProject())) {
      throw new IllegalStateException(
          "runbooks.openstack.default-project '" + properties.defaultProject()
              + "' is not one of runbooks.openstack.projects " + properties.projects().keySet());
    }
    log.info(
        "OpenStack projects {} (default {}), Keystone at {}",
        properties.projects().keySet(),
        properties.defaultProject(),
        properties.auth() == null || properties.auth().authUrl() == null || properties.auth().authUrl().isBlank()
            ? "OS_AUTH_URL/clouds.yaml"
            : properties.auth().authUrl());
    return OpenStackClients.cloudPort(properties, CloudsYaml.standard(System.getenv()), Clock.systemUTC());
  }

  /** Look-ups for start listeners: same credentials, every timeout cut to the start-check timeout. */
  @Bean
  CloudLookup startCheckCloud(OpenStackProperties properties) {
    return OpenStackClients.startCheckLookup(properties, CloudsYaml.standard(System.getenv()), Clock.systemUTC());
  }
}
