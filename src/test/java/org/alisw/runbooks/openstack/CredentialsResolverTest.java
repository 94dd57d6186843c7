package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.openstack.OpenStackProperties.Credentials;
import org.alisw.runbooks.openstack.ProjectCredentials.AuthType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a project key becomes credentials: project entry over OS_* over clouds.yaml. */
class CredentialsResolverTest {

  @Test
  void aiRcVariablesApplyToEveryProjectWithItsOwnProjectName() {
    CredentialsResolver resolver = resolver(aiRc("ALICE Release Testing", "0b7f34c1"), List.of());

    ProjectCredentials cloudTests = resolver.resolve("cloud-tests");

    assertThat(cloudTests.authType()).isEqualTo(AuthType.PASSWORD);
    assertThat(cloudTests.username()).isEqualTo("svcalibuild");
    assertThat(cloudTests.projectName()).isEqualTo("ALICE Cloud Tests");
    // The OS_PROJECT_ID of the project ai-rc was run for must not leak into the other one.
    assertThat(cloudTests.projectId()).isNull();
    assertThat(cloudTests.regionName()).isEqualTo("cern");
    assertThat(cloudTests.authUrl()).isEqualTo("https://keystone.cern.ch/v3");
  }

  @Test
  void aProjectWithoutItsOwnNameTakesTheOneAiRcExported() {
    Map<String, Credentials> projects = Map.of("release-testing", empty());
    CredentialsResolver resolver =
        new CredentialsResolver(
            new OpenStackProperties("release-testing", aiRc("ALICE Release Testing", "0b7f34c1"), projects,
                Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofSeconds(5), null, "cc7", "Base"),
            new CloudsYaml(List.of()));

    ProjectCredentials c = resolver.resolve("release-testing");

    assertThat(c.projectName()).isEqualTo("ALICE Release Testing");
    assertThat(c.projectId()).isEqualTo("0b7f34c1");
  }

  @Test
  void infersTheAuthTypeFromWhatIsSetUnlessOsAuthTypeSaysIt() {
    assertThat(AuthType.parse(null, null, null)).isEqualTo(AuthType.PASSWORD);
    assertThat(AuthType.parse("", "gAAAA", null)).isEqualTo(AuthType.TOKEN);
    assertThat(AuthType.parse(null, null, "a1b2")).isEqualTo(AuthType.APPLICATION_CREDENTIAL);
    assertThat(AuthType.parse("v3applicationcredential", null, null)).isEqualTo(AuthType.APPLICATION_CREDENTIAL);
    assertThat(AuthType.parse("v3password", "gAAAA", null)).isEqualTo(AuthType.PASSWORD);
    assertThatThrownBy(() -> AuthType.parse("v3oidcpassword", null, null))
        .isInstanceOf(CloudAuthenticationException.class)
        .hasMessageContaining("v3oidcpassword");
  }

  @Test
  void aiadmsV3kerberosIsRefusedWithTheWayToAnApplicationCredential() {
    assertThatThrownBy(() -> AuthType.parse("v3kerberos", null, null))
        .isInstanceOf(CloudAuthenticationException.class)
        .hasMessageContaining("v3kerberos")
        .hasMessageContaining("application credential create")
        .hasMessageContaining("OS_AUTH_TYPE=v3applicationcredential");
  }

  @Test
  void osVariablesWinOverCloudsYamlAndCloudsYamlFillsTheRest(@TempDir Path dir) throws Exception {
    Path clouds = Files.writeString(dir.resolve("clouds.yaml"), """
        clouds:
          cern:
            auth:
              auth_url: https://keystone.cern.ch/v3
              username: from-yaml
              password: yaml-password
              project_name: ALICE Release Testing
            region_name: cern
        """);
    Credentials env = new Credentials("cern", null, null, "from-env", null, null, null, null, null, null, null, null, null, null, null);
    CredentialsResolver resolver = resolver(env, List.of(clouds));

    ProjectCredentials c = resolver.resolve("release-testing");

    assertThat(c.username()).isEqualTo("from-env");
    assertThat(c.password()).isEqualTo("yaml-password");
    assertThat(c.authUrl()).isEqualTo("https://keystone.cern.ch/v3");
    assertThat(c.regionName()).isEqualTo("cern");
  }

  @Test
  void anOsCloudNoCloudsYamlDefinesIsNamedWithTheFilesLookedAt(@TempDir Path dir) throws Exception {
    Path clouds = Files.writeString(dir.resolve("clouds.yaml"), """
        clouds:
          cern:
            auth:
              auth_url: https://keystone.cern.ch/v3
        """);
    Path absent = dir.resolve("etc-openstack-clouds.yaml");
    Credentials env = new Credentials("cern-typo", null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    assertThatThrownBy(() -> resolver(env, List.of(clouds, absent)).resolve("release-testing"))
        .isInstanceOf(CloudAuthenticationException.class)
        .hasMessageContaining("OS_CLOUD 'cern-typo'")
        .hasMessageContaining(clouds.toString())
        .hasMessageContaining(absent + " (absent)")
        .hasMessageNotContaining("OS_AUTH_URL");
  }

  @Test
  void aCloudDefinedOnlyInALaterCloudsYamlIsFoundThere(@TempDir Path dir) throws Exception {
    Path first = Files.writeString(dir.resolve("first.yaml"), "clouds:\n  other:\n    region_name: x\n");
    Path second = Files.writeString(dir.resolve("second.yaml"),
        "clouds:\n  cern:\n    auth:\n      auth_url: https://keystone.cern.ch/v3\n      username: u\n      password: p\n");
    Credentials env = new Credentials("cern", null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    assertThat(resolver(env, List.of(first, second)).resolve("release-testing").authUrl())
        .isEqualTo("https://keystone.cern.ch/v3");
  }

  @Test
  void neverPrintsASecret() {
    Credentials secrets = new Credentials(null, null, "https://keystone.cern.ch/v3", "svcalibuild", "hunter2", null, null,
        "ALICE Release Testing", null, null, null, null, "gAAAAtoken", "appid", "appsecret");
    ProjectCredentials resolved = resolver(secrets, List.of()).resolve("release-testing");

    assertThat(secrets.toString()).doesNotContain("hunter2", "gAAAAtoken", "appsecret").contains("<set>");
    assertThat(resolved.toString()).doesNotContain("hunter2", "gAAAAtoken", "appsecret");
  }

  private static CredentialsResolver resolver(Credentials auth, List<Path> cloudsYaml) {
    Map<String, Credentials> projects =
        Map.of(
            "release-testing", SimulatedCloud.project("ALICE Release Testing"),
            "cloud-tests", SimulatedCloud.project("ALICE Cloud Tests"));
    return new CredentialsResolver(
        new OpenStackProperties("release-testing", auth, projects, Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofSeconds(5), null, "cc7", "Base"),
        new CloudsYaml(cloudsYaml));
  }

  /** What {@code eval $(ai-rc "ALICE Release Testing")} exports. */
  private static Credentials aiRc(String projectName, String projectId) {
    return new Credentials(null, null, "https://keystone.cern.ch/v3", "svcalibuild", "secret", "Default", null,
        projectName, projectId, "Default", null, "cern", null, null, null);
  }

  private static Credentials empty() {
    return new Credentials(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}
