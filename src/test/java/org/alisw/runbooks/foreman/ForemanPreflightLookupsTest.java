package org.alisw.runbooks.foreman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman.ReceivedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The preflight's Foreman look-ups over the wire against the simulated Foreman. */
class ForemanPreflightLookupsTest {

  private static final String USER = "runbooks";
  private static final String PASSWORD = "lookups-test-password";

  private SimulatedForeman foreman;
  private Faults faults;

  @BeforeEach
  void start() throws IOException {
    SimulatedDataCentre dc = SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    faults = new Faults();
    foreman = new SimulatedForeman(dc, faults, 0, "cern.ch", USER, PASSWORD).start();
  }

  @AfterEach
  void stop() {
    foreman.close();
  }

  private ForemanClient client(String password) {
    ForemanProperties p = new ForemanProperties();
    p.setUrl(URI.create("http://127.0.0.1:" + foreman.port()));
    p.setAllowInsecureUrl(p.getUrl().toString());
    p.setDomain("cern.ch");
    p.setUsername(USER);
    p.setPassword(password);
    p.setRequestTimeout(Duration.ofSeconds(5));
    return new ForemanClient(p);
  }

  @Test
  void findsTheGuidesHostgroupsByLabelAndNoOther() {
    ForemanClient client = client(PASSWORD);

    assertThat(client.hostgroupExists(ConfigManagementPort.MASTER_HOSTGROUP)).isTrue();
    assertThat(client.hostgroupExists(ConfigManagementPort.AGENT_HOSTGROUP)).isTrue();
    assertThat(client.hostgroupExists("alibuild/mesos/gpu")).isFalse();

    List<ReceivedRequest> requests = foreman.requests();
    assertThat(requests).extracting(ReceivedRequest::method, ReceivedRequest::path)
        .containsOnly(org.assertj.core.groups.Tuple.tuple("GET", "/api/v2/hostgroups"));
    assertThat(java.net.URLDecoder.decode(requests.get(0).query(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("search=label=\"alibuild/mesos/master\"");
    assertThat(requests.get(0).headers().get("authorization")).startsWith("Basic ");
  }

  @Test
  void findsThePuppetEnvironmentsByName() {
    ForemanClient client = client(PASSWORD);

    assertThat(client.environmentExists("production")).isTrue();
    assertThat(client.environmentExists("alibuild_devel")).isTrue();
    assertThat(client.environmentExists("alibuild_devel2")).isFalse();
    assertThat(java.net.URLDecoder.decode(foreman.requests().get(0).query(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("search=name=\"production\"");
  }

  @Test
  void wrongCredentialsAreAnErrorWithTheStatusNotAMissingEntry() {
    assertThatThrownBy(() -> client("not-the-password").hostgroupExists(ConfigManagementPort.MASTER_HOSTGROUP))
        .isInstanceOf(ForemanException.class)
        .satisfies(e -> assertThat(((ForemanException) e).status()).isEqualTo(401));
  }

  @Test
  void aForemanThatFailsIsAnErrorNotAMissingEntry() {
    faults.inject("foreman.environments.index", new Faults.HttpStatus(503, "maintenance"), 1);

    assertThatThrownBy(() -> client(PASSWORD).environmentExists("production"))
        .isInstanceOf(ForemanException.class)
        .hasMessageContaining("HTTP 503");
  }
}
