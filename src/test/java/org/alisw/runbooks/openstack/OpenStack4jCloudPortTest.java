package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.alisw.runbooks.sandbox.openstack.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The openstack4j adapter against the simulated OpenStack over HTTP: servers (hard reboot: CloudPortHardRebootTest). */
class OpenStack4jCloudPortTest {

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();
  private final CloudPort port = cloud.port();

  @Test
  void authenticatesWithPasswordScopedToTheProjectName() {
    port.findServer("release-testing", "alibuild01");

    RecordedRequest auth = cloud.requests("POST", "/identity/v3/auth/tokens").get(0);
    assertThat(auth.body().at("/auth/identity/methods/0").asText()).isEqualTo("password");
    assertThat(auth.body().at("/auth/identity/password/user/name").asText()).isEqualTo(SimulatedCloud.USER);
    assertThat(auth.body().at("/auth/identity/password/user/domain/name").asText()).isEqualTo("Default");
    assertThat(auth.body().at("/auth/scope/project/name").asText()).isEqualTo("ALICE Release Testing");
    assertThat(auth.body().at("/auth/scope/project/domain/name").asText()).isEqualTo("Default");
  }

  @Test
  void findsTheServerWithExactlyThatNameAmongNovasRegexMatches() {
    CloudServer server = port.findServer("release-testing", "alibuild1").orElse(null);

    // alibuild1 does not exist; Nova's filter returns alibuild10..12, none of which is it.
    assertThat(server).isNull();
    RecordedRequest list = cloud.requests("GET", "/compute/v2.1/servers(/detail)?").get(0);
    assertThat(list.queryParam("name")).isEqualTo("alibuild1");
    assertThat(list.authenticated()).isTrue();

    CloudServer alibuild10 = port.findServer("release-testing", "alibuild10").orElseThrow();
    assertThat(alibuild10.name()).isEqualTo("alibuild10");
    assertThat(alibuild10.id()).isEqualTo(cloud.serverId("alibuild10"));
    assertThat(alibuild10.status()).isEqualTo("ACTIVE");
    assertThat(alibuild10.availabilityZone()).isEqualTo("cern-geneva-a");
  }

  @Test
  void showsAServerByIdAndReportsNothingForAnUnknownId() {
    String id = cloud.serverId("alimesos02");

    CloudServer server = port.server("release-testing", id).orElseThrow();

    assertThat(server.name()).isEqualTo("alimesos02");
    assertThat(server.availabilityZone()).isEqualTo("cern-geneva-b");
    assertThat(server.isActive()).isTrue();
    assertThat(cloud.requests("GET", "/compute/v2.1/servers/" + id)).hasSize(1);
    assertThat(port.server("release-testing", "6e1b3f0c-0000-0000-0000-000000000000")).isEmpty();
  }

  @Test
  void doesNotSeeTheServersOfAnotherProject() {
    assertThat(port.findServer("cloud-tests", "alibuild01")).isEmpty();
    assertThat(port.server("cloud-tests", cloud.serverId("alibuild01"))).isEmpty();

    RecordedRequest auth = cloud.requests("POST", "/identity/v3/auth/tokens").get(0);
    assertThat(auth.body().at("/auth/scope/project/name").asText()).isEqualTo("ALICE Cloud Tests");
  }

  @Test
  void authenticatesOnceAndReusesTheTokenUntilItNearsExpiry() {
    port.findServer("release-testing", "alibuild01");
    port.findServer("release-testing", "alibuild02");
    assertThat(cloud.requests("POST", "/identity/v3/auth/tokens")).hasSize(1);

    // 55 minutes later the 1-hour token has less than the 10-minute margin left: renewed first.
    cloud.clock.advance(Duration.ofMinutes(55));
    port.findServer("release-testing", "alibuild01");

    assertThat(cloud.requests("POST", "/identity/v3/auth/tokens")).hasSize(2);
    assertThat(cloud.simulator.requests("GET", "/compute/v2.1/servers.*"))
        .allMatch(RecordedRequest::authenticated);
  }
}
