package org.alisw.runbooks.openstack;

import java.time.Clock;
import org.openstack4j.core.transport.Config;

/** Builds the openstack4j adapter from its properties; used by Spring and by the adapter tests. */
final class OpenStackClients {

  private OpenStackClients() {}

  static OpenStack4jCloudPort cloudPort(OpenStackProperties properties, CloudsYaml cloudsYaml, Clock clock) {
    return cloudPort(properties, cloudsYaml, clock, "runbooks.openstack.call-timeout");
  }

  private static OpenStack4jCloudPort cloudPort(
      OpenStackProperties properties, CloudsYaml cloudsYaml, Clock clock, String timeoutSetting) {
    Config config =
        Config.newConfig()
            .withConnectionTimeout((int) properties.connectTimeout().toMillis())
            .withReadTimeout((int) properties.readTimeout().toMillis())
            .withEndpointURLResolver(new CatalogEndpoints());
    CredentialsResolver resolver = new CredentialsResolver(properties, cloudsYaml);
    KeystoneAuthenticator authenticator =
        new KeystoneAuthenticator(config, properties.connectTimeout(), properties.readTimeout());
    KeystoneSessions sessions =
        new KeystoneSessions(resolver::resolve, authenticator, properties.tokenRefreshMargin(), clock);
    ImageChoice images =
        new ImageChoice(properties.imageFamilies(), properties.defaultImageFamily(), properties.imageEdition());
    return new OpenStack4jCloudPort(
        new OpenStackCalls(sessions, config, properties.callTimeout(), timeoutSetting), images);
  }

  /** The start checks' look-up: its own sessions and pool, every timeout cut to the start-check one. */
  static CloudLookup startCheckLookup(OpenStackProperties properties, CloudsYaml cloudsYaml, Clock clock) {
    return new QuickCloudLookup(cloudPort(
        properties.boundedBy(properties.startCheckTimeout()), cloudsYaml, clock, "runbooks.openstack.start-check-timeout"));
  }
}
