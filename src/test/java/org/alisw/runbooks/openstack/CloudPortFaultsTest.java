package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.openstack.SimulatedKeystone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Injected faults surface as exceptions the process can act on: transient ones as {@link
 * CloudUnavailableException} (the job fails, the engine retries it, exhausted retries become an
 * incident), quota as {@link CloudQuotaExceededException}; the retried job then does the work once.
 */
class CloudPortFaultsTest {

  private static final String PROJECT = "release-testing";
  private static final String INSTANCE = "9d0e4c1a-process-instance";

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();
  private final CloudPort port = cloud.port();

  @Test
  void aServerErrorIsUnavailableAndTheRetrySucceeds() {
    String id = cloud.serverId("alibuild02");
    cloud.simulator.faults().inject("nova.servers.show", new Faults.HttpStatus(503, "Service Unavailable"), 1);

    assertThatThrownBy(() -> port.server(PROJECT, id))
        .isInstanceOfSatisfying(CloudUnavailableException.class, e -> assertThat(e.status()).isEqualTo(503))
        .hasMessageContaining("show server " + id);

    assertThat(port.server(PROJECT, id)).isPresent();
  }

  @Test
  void aServerErrorOnTheRebootActionIsNotMistakenForSuccess() {
    String id = cloud.serverId("alibuild02");
    cloud.simulator.faults().inject("nova.servers.action", new Faults.HttpStatus(500, "Unexpected API Error."), 1);

    assertThatThrownBy(() -> port.hardReboot(PROJECT, id, "test/reboot/1"))
        .isInstanceOfSatisfying(CloudUnavailableException.class, e -> assertThat(e.status()).isEqualTo(500))
        .hasMessageContaining("Unexpected API Error.");
    assertThat(port.server(PROJECT, id).orElseThrow().isActive()).isTrue();

    port.hardReboot(PROJECT, id, "test/reboot/1");
    assertThat(port.server(PROJECT, id).orElseThrow().status()).isEqualTo("HARD_REBOOT");
  }

  @Test
  void aGatewayErrorOnDeleteIsNotMistakenForSuccess() {
    String id = cloud.serverId("alibuild02");
    cloud.simulator.faults().inject("nova.servers.delete", new Faults.HttpStatus(502, "Bad Gateway"), 1);

    assertThatThrownBy(() -> port.deleteServer(PROJECT, id)).isInstanceOf(CloudUnavailableException.class);
    assertThat(port.server(PROJECT, id)).isPresent();
  }

  @Test
  void aDroppedConnectionIsUnavailable() {
    cloud.simulator.faults().inject("nova.servers.list", new Faults.Drop(), 1);

    assertThatThrownBy(() -> port.findServer(PROJECT, "alibuild02"))
        .isInstanceOfSatisfying(CloudUnavailableException.class, e -> assertThat(e.status()).isZero());
    // No hidden retry below the adapter: retrying is the engine's decision.
    assertThat(cloud.requests("GET", "/compute/v2.1/servers.*")).hasSize(1);
  }

  @Test
  void keystoneDownIsUnavailable() {
    cloud.simulator.faults().inject("keystone.tokens.create", new Faults.HttpStatus(503, "Service Unavailable"), 1);

    assertThatThrownBy(() -> port.findServer(PROJECT, "alibuild02"))
        .isInstanceOfSatisfying(CloudUnavailableException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThat(port.findServer(PROJECT, "alibuild02")).isPresent();
  }

  @Test
  void aCreateThatTimedOutIsAdoptedByTheRetriedJob() {
    CloudPort impatient = cloud.portWithReadTimeout(Duration.ofMillis(500));
    cloud.simulator.faults().inject("nova.servers.create", new Faults.Latency(Duration.ofMillis(1500)), 1);

    assertThatThrownBy(() -> impatient.createServer(PROJECT, SimulatedCloud.agent("alibuild13", INSTANCE)))
        .isInstanceOf(CloudUnavailableException.class);
    // Nova went on with the boot after the client gave up.
    await().atMost(Duration.ofSeconds(5)).until(() -> cloud.dataCentre.server("alibuild13").isPresent());

    CloudServer adopted = impatient.createServer(PROJECT, SimulatedCloud.agent("alibuild13", INSTANCE));

    assertThat(adopted.id()).isEqualTo(cloud.serverId("alibuild13"));
    assertThat(cloud.dataCentre.servers()).filteredOn(s -> s.name().equals("alibuild13")).hasSize(1);
  }

  @Test
  void quotaErrorsInjectedOnNovaAndCinderAreQuotaExceeded() {
    cloud.simulator.faults().inject(
        "nova.servers.create", new Faults.HttpStatus(403, "Quota exceeded for ram: Requested 30000, but already used 90000 of 100000 ram"), 1);
    assertThatThrownBy(() -> port.createServer(PROJECT, SimulatedCloud.agent("alibuild13", INSTANCE)))
        .isInstanceOfSatisfying(CloudQuotaExceededException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("Quota exceeded for ram");

    cloud.simulator.faults().inject("cinder.volumes.create", new Faults.HttpStatus(413, "VolumeLimitExceeded"), 1);
    assertThatThrownBy(() -> port.ensureVolume(PROJECT, new VolumeRequest("alibuild13-vdb", VolumeSpec.parse("vdb=500GB"), "cern-geneva-a", INSTANCE)))
        .isInstanceOfSatisfying(CloudQuotaExceededException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void aPlainForbiddenIsRejectedNotQuota() {
    cloud.simulator.faults().inject("nova.servers.create", new Faults.HttpStatus(403, "Policy doesn't allow os_compute_api:servers:create to be performed."), 1);

    assertThatThrownBy(() -> port.createServer(PROJECT, SimulatedCloud.agent("alibuild13", INSTANCE)))
        .isExactlyInstanceOf(CloudRejectedException.class)
        .hasMessageContaining("Policy doesn't allow");
  }

  @Test
  void latencyWithinTheTimeoutOnlySlowsTheCallDown() {
    cloud.simulator.faults().inject("nova.servers.list", new Faults.Latency(Duration.ofMillis(300)), 1);

    assertThat(port.findServer(PROJECT, "alibuild02")).isPresent();
  }

  /**
   * A Keystone that stalls after its headers is unavailable (retried by the engine), not a refusal
   * of the credentials, and the call gives up within its timeout.
   */
  @Test
  void aKeystoneThatStallsAfterTheHeadersTimesOutAsUnavailable() {
    CloudPort impatient = cloud.portWithReadTimeout(Duration.ofMillis(500));
    cloud.simulator.faults().inject("keystone.tokens.create", new Faults.StallBody(Duration.ofSeconds(5)), 1);

    long started = System.nanoTime();
    assertThatThrownBy(() -> impatient.findServer(PROJECT, "alibuild02"))
        .isInstanceOf(CloudUnavailableException.class)
        .hasMessageContaining("Keystone");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
  }

  /** The application-credential path makes its own HTTP call: bounded as a whole too. */
  @Test
  void aKeystoneThatStallsDuringAnApplicationCredentialLoginTimesOutAsUnavailable() {
    String url = cloud.simulator.authUrl().toString();
    SimulatedKeystone.ApplicationCredential credential =
        cloud.simulator.keystone().addApplicationCredential(cloud.user, cloud.releaseTesting, "App-Secret-42");
    CloudPort impatient =
        cloud.port(
            cloud.properties(
                SimulatedCloud.credentials(url, null, null, null, null, credential.id(), "App-Secret-42"),
                Map.of(),
                Duration.ofMillis(500)),
            new CloudsYaml(List.of()));
    cloud.simulator.faults().inject("keystone.tokens.create", new Faults.StallBody(Duration.ofSeconds(5)), 1);

    long started = System.nanoTime();
    assertThatThrownBy(() -> impatient.findServer(PROJECT, "alibuild02"))
        .isInstanceOf(CloudUnavailableException.class)
        .hasMessageContaining("Keystone");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
  }
}
