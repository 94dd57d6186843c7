package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.openstack.OpenStackProperties.Credentials;
import org.alisw.runbooks.security.SelfSignedHttps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenStack adapter verifies Keystone's certificate, with a password (openstack4j's HTTP
 * client) and with an application credential (the adapter's own token request): a Keystone with a
 * self-signed certificate gets no request at all. No setting turns this off (TlsVerificationTest).
 */
class OpenStackTlsTest {

  @TempDir static Path dir;
  private static SelfSignedHttps keystone;

  @BeforeAll
  static void keystoneWithASelfSignedCertificate() throws Exception {
    keystone = SelfSignedHttps.start(dir, "keystone", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
  }

  @AfterAll
  static void stop() {
    keystone.close();
  }

  @BeforeEach
  void noRequestYet() {
    keystone.requests().set(0);
  }

  @Test
  void aPasswordLoginSendsNothingToAnUnverifiedKeystone() {
    Credentials password = SimulatedCloud.credentials(authUrl(), "svcalibuild", "pw", null, null, null, null);

    Throwable failure = catchThrowable(() -> port(password).findServer("release-testing", "alibuild01"));

    assertThat(failure).isNotNull();
    assertThat(keystone.requests()).as("no request reached Keystone").hasValue(0);
  }

  @Test
  void anApplicationCredentialLoginSendsNothingToAnUnverifiedKeystone() {
    Credentials credential =
        SimulatedCloud.credentials(authUrl(), null, null, "v3applicationcredential", null, "credential-id", "credential-secret");

    Throwable failure = catchThrowable(() -> port(credential).findServer("release-testing", "alibuild01"));

    assertThat(failure).isNotNull();
    assertThat(keystone.requests()).hasValue(0);
  }

  private static String authUrl() {
    return keystone.url() + "/identity/v3";
  }

  private static CloudPort port(Credentials auth) {
    OpenStackProperties properties =
        new OpenStackProperties(
            "release-testing", auth, Map.of("release-testing", SimulatedCloud.project("ALICE Release Testing")),
            Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(20),
            Duration.ofSeconds(5), null, "cc7", "Base");
    return OpenStackClients.cloudPort(properties, new CloudsYaml(List.of()), Clock.systemUTC());
  }
}
