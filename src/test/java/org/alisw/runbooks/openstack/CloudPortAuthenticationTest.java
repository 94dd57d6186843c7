package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.alisw.runbooks.openstack.OpenStackProperties.Credentials;
import org.alisw.runbooks.sandbox.openstack.RecordedRequest;
import org.alisw.runbooks.sandbox.openstack.SimulatedKeystone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every way ai-rc and friends hand over credentials, token refresh, and two projects. */
class CloudPortAuthenticationTest {

  private static final String PROJECT = "release-testing";

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();

  @Test
  void authenticatesWithAnOsTokenScopedToTheProject() {
    SimulatedKeystone.IssuedToken issued = cloud.simulator.keystone().issueToken(cloud.user, cloud.releaseTesting);
    CloudPort port = cloud.port(SimulatedCloud.credentials(cloud.simulator.authUrl().toString(), null, null, null, issued.id(), null, null), Map.of());

    assertThat(port.findServer(PROJECT, "alibuild01")).isPresent();

    RecordedRequest auth = tokenRequests().get(0);
    assertThat(auth.body().at("/auth/identity/methods/0").asText()).isEqualTo("token");
    assertThat(auth.body().at("/auth/identity/token/id").asText()).isEqualTo(issued.id());
    assertThat(auth.body().at("/auth/scope/project/name").asText()).isEqualTo("ALICE Release Testing");
  }

  @Test
  void anExpiredOsTokenSaysWhichVariableToRenew() {
    cloud.simulator.keystone().setTokenLifetime(Duration.ofMinutes(30));
    SimulatedKeystone.IssuedToken issued = cloud.simulator.keystone().issueToken(cloud.user, cloud.releaseTesting);
    CloudPort port = cloud.port(SimulatedCloud.credentials(cloud.simulator.authUrl().toString(), null, null, "token", issued.id(), null, null), Map.of());
    cloud.clock.advance(Duration.ofMinutes(31));

    assertThatThrownBy(() -> port.findServer(PROJECT, "alibuild01"))
        .isInstanceOf(CloudAuthenticationException.class)
        .hasMessageContaining("OS_TOKEN")
        .hasMessageNotContaining(issued.id());
  }

  @Test
  void getsTheTokenForAnApplicationCredentialFromKeystoneItself() {
    SimulatedKeystone.ApplicationCredential credential =
        cloud.simulator.keystone().addApplicationCredential(cloud.user, cloud.releaseTesting, "app-secret");
    CloudPort port = cloud.port(
        SimulatedCloud.credentials(cloud.simulator.authUrl().toString(), null, null, "v3applicationcredential", null, credential.id(), "app-secret"),
        Map.of());

    CloudServer server = port.findServer(PROJECT, "alibuild01").orElseThrow();

    assertThat(server.name()).isEqualTo("alibuild01");
    RecordedRequest auth = tokenRequests().get(0);
    assertThat(auth.body().at("/auth/identity/methods/0").asText()).isEqualTo("application_credential");
    assertThat(auth.body().at("/auth/identity/application_credential/id").asText()).isEqualTo(credential.id());
    assertThat(auth.body().at("/auth/identity/application_credential/secret").asText()).isEqualTo("app-secret");
    // An application credential is scoped already: asking for a scope is an error in Keystone.
    assertThat(auth.body().path("auth").has("scope")).isFalse();
    // openstack4j then uses that token for Nova.
    assertThat(cloud.requests("GET", "/compute/v2.1/servers.*")).allMatch(RecordedRequest::authenticated);
  }

  /**
   * Keystone scopes an application-credential token to the credential's project: shared by both
   * project keys, it must not let cloud-tests runbooks act in release-testing.
   */
  @Test
  void aSharedApplicationCredentialIsRefusedForAnotherProjectNamingBoth() {
    SimulatedKeystone.ApplicationCredential credential =
        cloud.simulator.keystone().addApplicationCredential(cloud.user, cloud.releaseTesting, "app-secret");
    CloudPort port = cloud.port(
        SimulatedCloud.credentials(cloud.simulator.authUrl().toString(), null, null, null, null, credential.id(), "app-secret"),
        Map.of());

    assertThat(port.findServer("release-testing", "alibuild01")).isPresent();
    assertThatThrownBy(() -> port.findServer("cloud-tests", "alibuild01"))
        .isInstanceOf(CloudAuthenticationException.class)
        .hasMessageContaining("\"ALICE Release Testing\"")
        .hasMessageContaining("\"ALICE Cloud Tests\"")
        .hasMessageContaining("runbooks.openstack.projects.cloud-tests.application-credential-id")
        .hasMessageNotContaining("app-secret");
    // Keystone was asked, but nothing was done in the wrong project.
    assertThat(tokenRequests()).hasSize(2);
    assertThat(cloud.requests("GET", "/compute/v2.1/servers.*")).hasSize(1);
  }

  @Test
  void eachProjectKeyUsesItsOwnApplicationCredential() {
    SimulatedKeystone keystone = cloud.simulator.keystone();
    SimulatedKeystone.ApplicationCredential releaseTesting = keystone.addApplicationCredential(cloud.user, cloud.releaseTesting, "rt-secret");
    SimulatedKeystone.ApplicationCredential cloudTests = keystone.addApplicationCredential(cloud.user, cloud.cloudTests, "ct-secret");
    String url = cloud.simulator.authUrl().toString();
    CloudPort port = cloud.port(
        SimulatedCloud.credentials(url, null, null, null, null, releaseTesting.id(), "rt-secret"),
        Map.of("cloud-tests", new Credentials(null, null, null, null, null, null, null, "ALICE Cloud Tests", null, null, null,
            null, null, cloudTests.id(), "ct-secret")));

    port.findServer("release-testing", "alibuild01");
    port.findServer("cloud-tests", "alibuild01");

    assertThat(keystone.issuedTokens()).extracting(t -> t.project().name())
        .containsExactly("ALICE Release Testing", "ALICE Cloud Tests");
    assertThat(tokenRequests()).extracting(r -> r.body().at("/auth/identity/application_credential/id").asText())
        .containsExactly(releaseTesting.id(), cloudTests.id());
  }

  @Test
  void wrongApplicationCredentialSecretIsRefusedWithoutRevealingIt() {
    SimulatedKeystone.ApplicationCredential credential =
        cloud.simulator.keystone().addApplicationCredential(cloud.user, cloud.releaseTesting, "app-secret");
    CloudPort port = cloud.port(
        SimulatedCloud.credentials(cloud.simulator.authUrl().toString(), null, null, null, null, credential.id(), "wrong-secret"),
        Map.of());

    assertThatThrownBy(() -> port.findServer(PROJECT, "alibuild01"))
        .isInstanceOf(CloudAuthenticationException.class)
        .hasMessageContaining("OS_APPLICATION_CREDENTIAL_ID/SECRET")
        .hasMessageNotContaining("wrong-secret");
  }

  @Test
  void readsTheCloudNamedByOsCloudFromCloudsYamlWithSecureYaml(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("clouds.yaml"), """
        clouds:
          cern:
            auth:
              auth_url: %s
              username: %s
              project_name: ALICE Release Testing
              user_domain_name: Default
              project_domain_name: Default
            region_name: cern
            identity_api_version: 3
        """.formatted(cloud.simulator.authUrl(), SimulatedCloud.USER));
    Files.writeString(dir.resolve("secure.yaml"), """
        clouds:
          cern:
            auth:
              password: %s
        """.formatted(SimulatedCloud.PASSWORD));
    Credentials osCloud = new Credentials("cern", null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    CloudPort port = cloud.port(
        cloud.properties(osCloud, Map.of(), Duration.ofSeconds(10)), new CloudsYaml(List.of(dir.resolve("missing.yaml"), dir.resolve("clouds.yaml"))));

    assertThat(port.findServer(PROJECT, "alibuild01")).isPresent();
    assertThat(port.findServer("cloud-tests", "alibuild01")).isEmpty();

    assertThat(tokenRequests()).extracting(r -> r.body().at("/auth/scope/project/name").asText())
        .containsExactly("ALICE Release Testing", "ALICE Cloud Tests");
  }

  @Test
  void anOsCloudMissingFromEveryCloudsYamlIsNamed() {
    Credentials osCloud = new Credentials("nowhere", null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    CloudPort port = cloud.port(cloud.properties(osCloud, Map.of(), Duration.ofSeconds(10)), new CloudsYaml(List.of()));

    assertThatThrownBy(() -> port.findServer(PROJECT, "alibuild01"))
        .isInstanceOf(CloudAuthenticationException.class)
        .hasMessageContaining("OS_CLOUD 'nowhere'");
  }

  @Test
  void wrongPasswordIsRefusedWithoutRevealingIt() {
    CloudPort port = cloud.port(
        SimulatedCloud.credentials(cloud.simulator.authUrl().toString(), SimulatedCloud.USER, "not-the-password", null, null, null, null),
        Map.of());

    assertThatThrownBy(() -> port.findServer(PROJECT, "alibuild01"))
        .isInstanceOf(CloudAuthenticationException.class)
        .hasMessageContaining("OS_USERNAME/OS_PASSWORD")
        .hasMessageContaining("ALICE Release Testing")
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void missingSettingsAreNamedBeforeKeystoneIsAsked() {
    CloudPort noUrl = cloud.port(SimulatedCloud.credentials(null, SimulatedCloud.USER, SimulatedCloud.PASSWORD, null, null, null, null), Map.of());
    assertThatThrownBy(() -> noUrl.findServer(PROJECT, "alibuild01"))
        .isInstanceOf(CloudAuthenticationException.class)
        .hasMessageContaining("OS_AUTH_URL");

    CloudPort noPassword = cloud.port(SimulatedCloud.credentials(cloud.simulator.authUrl().toString(), SimulatedCloud.USER, null, null, null, null, null), Map.of());
    assertThatThrownBy(() -> noPassword.findServer(PROJECT, "alibuild01"))
        .isInstanceOf(CloudAuthenticationException.class)
        .hasMessageContaining("OS_PASSWORD");

    assertThatThrownBy(() -> cloud.port().findServer("alice-production", "alibuild01"))
        .isInstanceOf(CloudAuthenticationException.class)
        .hasMessageContaining("Unknown OpenStack project 'alice-production'")
        .hasMessageContaining("release-testing");
    assertThat(tokenRequests()).isEmpty();
  }

  @Test
  void aRegionMissingFromTheCatalogIsNamed() {
    Credentials elsewhere = new Credentials(null, null, cloud.simulator.authUrl().toString(), SimulatedCloud.USER,
        SimulatedCloud.PASSWORD, "Default", null, null, null, "Default", null, "meyrin", null, null, null);
    CloudPort port = cloud.port(elsewhere, Map.of());

    assertThatThrownBy(() -> port.findServer(PROJECT, "alibuild01"))
        .isInstanceOf(CloudCatalogException.class)
        .hasMessageContaining("'compute' endpoint in region 'meyrin' (OS_REGION_NAME)");
    assertThat(cloud.requests("GET", "/compute/.*")).isEmpty();
  }

  @Test
  void twoProjectsGetTwoTokensEachScopedToItsProject() {
    CloudPort port = cloud.port();

    port.findServer("release-testing", "alibuild01");
    port.findServer("cloud-tests", "alibuild01");
    port.findServer("release-testing", "alibuild02");
    port.findServer("cloud-tests", "alibuild02");

    assertThat(tokenRequests()).extracting(r -> r.body().at("/auth/scope/project/name").asText())
        .containsExactly("ALICE Release Testing", "ALICE Cloud Tests");
  }

  @Test
  void aRevokedTokenIsReplacedOnceAndTheCallSucceeds() {
    CloudPort port = cloud.port();
    port.findServer(PROJECT, "alibuild01");
    cloud.simulator.keystone().issuedTokens().forEach(t -> cloud.simulator.keystone().revoke(t.id()));

    assertThat(port.findServer(PROJECT, "alibuild02")).isPresent();
    assertThat(port.findServer(PROJECT, "alibuild03")).isPresent();

    // One new token, shared by the calls that follow.
    assertThat(tokenRequests()).hasSize(2);
    assertThat(cloud.requests("GET", "/compute/v2.1/servers.*")).hasSize(4).filteredOn(r -> !r.authenticated()).hasSize(1);
  }

  @Test
  void aRevokedApplicationCredentialTokenIsReplacedToo() {
    SimulatedKeystone.ApplicationCredential credential =
        cloud.simulator.keystone().addApplicationCredential(cloud.user, cloud.releaseTesting, "app-secret");
    CloudPort port = cloud.port(
        SimulatedCloud.credentials(cloud.simulator.authUrl().toString(), null, null, null, null, credential.id(), "app-secret"),
        Map.of());
    port.findServer(PROJECT, "alibuild01");
    cloud.simulator.keystone().issuedTokens().forEach(t -> cloud.simulator.keystone().revoke(t.id()));

    port.hardReboot(PROJECT, cloud.serverId("alibuild02"), "test/reboot/1");

    assertThat(tokenRequests()).hasSize(2);
    assertThat(cloud.dataCentre.server("alibuild02").orElseThrow().status(cloud.clock.instant())).isEqualTo("HARD_REBOOT");
  }

  @Test
  void anHourLongRebuildWaitNeverMeetsAnExpiredToken() {
    CloudPort port = cloud.port();
    String id = cloud.serverId("alibuild05");
    port.rebuildServer(PROJECT, id, "cc7", RebuildRequest.first("instance-1"));

    // The process's timer loop polls every 5 minutes for three hours (1-hour tokens).
    for (int minute = 0; minute <= 180; minute += 5) {
      cloud.clock.advance(Duration.ofMinutes(5));
      assertThat(port.server(PROJECT, id)).isPresent();
    }

    assertThat(tokenRequests().size()).isBetween(4, 6);
    assertThat(cloud.simulator.requests()).filteredOn(r -> r.path().startsWith("/compute")).allMatch(RecordedRequest::authenticated);
  }

  @Test
  void threadsShareOneTokenAndEachGetsItsOwnOpenStack4jSession() throws Exception {
    CloudPort port = cloud.port();
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Optional<CloudServer>>> calls = new ArrayList<>();
      for (int i = 1; i <= 12; i++) {
        String name = String.format("alibuild%02d", i);
        calls.add(() -> port.findServer(PROJECT, name));
      }
      List<Future<Optional<CloudServer>>> results = threads.invokeAll(calls, 30, TimeUnit.SECONDS);
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get().orElseThrow().name()).isEqualTo(String.format("alibuild%02d", i + 1));
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(tokenRequests()).hasSize(1);
  }

  private List<RecordedRequest> tokenRequests() {
    return cloud.requests("POST", "/identity/v3/auth/tokens");
  }
}
