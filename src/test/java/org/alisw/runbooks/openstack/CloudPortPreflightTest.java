package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.alisw.runbooks.sandbox.openstack.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The preflight's read-only look-ups over HTTP against the simulated OpenStack: a fresh login, a keypair. */
class CloudPortPreflightTest {

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();
  private final CloudPort port = cloud.port();

  @Test
  void authenticateLogsInAfreshAndSaysAsWhomAndWhere() {
    port.findServer("release-testing", "alibuild01");

    CloudLogin login = port.authenticate("release-testing");

    assertThat(login.projectName()).isEqualTo("ALICE Release Testing");
    assertThat(login.projectId()).isEqualTo(cloud.releaseTesting.id());
    assertThat(login.userName()).isEqualTo(SimulatedCloud.USER);
    assertThat(login.expiresAt()).isNotBlank();
    // A cached token proves nothing about the credentials now: a second token was requested.
    assertThat(cloud.requests("POST", "/identity/v3/auth/tokens")).hasSize(2)
        .allSatisfy(r -> assertThat(r.body().at("/auth/scope/project/name").asText()).isEqualTo("ALICE Release Testing"));
    // The next call uses the fresh token.
    assertThat(port.findServer("release-testing", "alibuild02")).isPresent();
    assertThat(cloud.requests("POST", "/identity/v3/auth/tokens")).hasSize(2);
  }

  @Test
  void authenticateWithAWrongPasswordSaysWhichSettingsToCheck() {
    CloudPort wrong = cloud.port(
        SimulatedCloud.credentials(cloud.simulator.authUrl().toString(), SimulatedCloud.USER, "not-the-password", null, null, null, null),
        Map.of());

    assertThatThrownBy(() -> wrong.authenticate("cloud-tests"))
        .isInstanceOf(CloudAuthenticationException.class)
        .hasMessageContaining("OS_USERNAME/OS_PASSWORD")
        .hasMessageContaining("ALICE Cloud Tests")
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void findsTheUsersKeypairByNameAndNothingForAnUnknownOne() {
    CloudKeypair created = port.ensureKeypair("release-testing", "alibuild", SimulatedCloud.publicKey("alibuild@aiadm"));

    CloudKeypair found = port.keypair("release-testing", "alibuild").orElseThrow();

    assertThat(found.name()).isEqualTo("alibuild");
    assertThat(found.fingerprint()).isEqualTo(created.fingerprint());
    assertThat(found.created()).isFalse();
    assertThat(port.keypair("release-testing", "someone-else")).isEmpty();
    RecordedRequest show = cloud.requests("GET", "/compute/v2.1/os-keypairs/alibuild").get(1);
    assertThat(show.authenticated()).isTrue();
    assertThat(cloud.requests("GET", "/compute/v2.1/os-keypairs/someone-else")).hasSize(1);
    // A look-up creates nothing.
    assertThat(cloud.requests("POST", "/compute/v2.1/os-keypairs")).hasSize(1);
  }
}
