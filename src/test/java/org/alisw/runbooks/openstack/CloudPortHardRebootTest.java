package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.openstack.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hard reboot against the simulated Nova over HTTP: once per request key, whatever the server's
 * status (item 8: a server stuck in HARD_REBOOT is the reason to reboot it again).
 */
class CloudPortHardRebootTest {

  private static final String PROJECT = "release-testing";

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();
  private final CloudPort port = cloud.port();

  @Test
  void tagsTheServerWithTheRequestKeyThenSendsTheRebootAndTheServerComesBackActive() {
    String id = cloud.serverId("alibuild05");

    port.hardReboot(PROJECT, id, "pi-1/reboot/1");

    RecordedRequest tag = cloud.requests("POST", "/compute/v2.1/servers/" + id + "/metadata").get(0);
    assertThat(tag.body().at("/metadata/" + CloudPort.REBOOT_METADATA_KEY).asText()).isEqualTo("pi-1/reboot/1");
    assertThat(tag.body().at("/metadata/" + OpenStack4jCloudPort.REBOOTS_BEFORE_KEY).asText()).isEqualTo("0");
    List<RecordedRequest> actions = rebootRequests(id);
    assertThat(actions).hasSize(1);
    assertThat(actions.get(0).body().at("/reboot/type").asText()).isEqualTo("HARD");
    assertThat(port.server(PROJECT, id).orElseThrow().status()).isEqualTo("HARD_REBOOT");

    cloud.clock.advance(SimulatedCloud.HARD_REBOOT);
    assertThat(port.server(PROJECT, id).orElseThrow().status()).isEqualTo("ACTIVE");
  }

  /** A job retried after Nova accepted the reboot (its transaction failed later) does not reboot again. */
  @Test
  void aRetryWithTheSameKeyAfterNovaAcceptedDoesNotRebootAgainEvenOnceTheServerIsActive() {
    String id = cloud.serverId("alibuild05");
    port.hardReboot(PROJECT, id, "pi-1/reboot/1");
    cloud.clock.advance(SimulatedCloud.HARD_REBOOT);

    port.hardReboot(PROJECT, id, "pi-1/reboot/1");

    assertThat(rebootRequests(id)).hasSize(1);
    assertThat(port.server(PROJECT, id).orElseThrow().status()).isEqualTo("ACTIVE");
  }

  /** The operator's explicit "reboot again" while the server hangs in HARD_REBOOT. */
  @Test
  void aNewKeyRebootsAServerStuckInHardReboot() {
    String id = cloud.serverId("alibuild05");
    port.hardReboot(PROJECT, id, "pi-1/reboot/1");
    assertThat(port.server(PROJECT, id).orElseThrow().status()).isEqualTo("HARD_REBOOT");

    port.hardReboot(PROJECT, id, "pi-1/reboot/2");

    assertThat(rebootRequests(id)).hasSize(2);
    assertThat(cloud.simulator.nova().actions(id)).filteredOn(a -> a.action().equals("reboot")).hasSize(2);
    RecordedRequest tag = cloud.requests("POST", "/compute/v2.1/servers/" + id + "/metadata").get(1);
    assertThat(tag.body().at("/metadata/" + CloudPort.REBOOT_METADATA_KEY).asText()).isEqualTo("pi-1/reboot/2");
    assertThat(tag.body().at("/metadata/" + OpenStack4jCloudPort.REBOOTS_BEFORE_KEY).asText()).isEqualTo("1");
  }

  /** Tagged, then the reboot failed: the retry with the same key sends it. */
  @Test
  void aRetryAfterTheRebootItselfFailedSendsItAgain() {
    String id = cloud.serverId("alibuild05");
    cloud.simulator.faults().inject("nova.servers.action", new Faults.HttpStatus(503, "Service Unavailable"), 1);
    assertThatThrownBy(() -> port.hardReboot(PROJECT, id, "pi-1/reboot/1")).isInstanceOf(CloudUnavailableException.class);

    port.hardReboot(PROJECT, id, "pi-1/reboot/1");

    assertThat(rebootRequests(id)).hasSize(2);
    assertThat(cloud.simulator.nova().actions(id)).filteredOn(a -> a.action().equals("reboot")).hasSize(1);
    assertThat(port.server(PROJECT, id).orElseThrow().status()).isEqualTo("HARD_REBOOT");
  }

  @Test
  void keepsTheServersOtherMetadata() {
    String id = cloud.serverId("alibuild05");
    cloud.dataCentre.server("alibuild05").orElseThrow().putMetadata(java.util.Map.of("landb-alias", "alibuild05--load-1-"));

    port.hardReboot(PROJECT, id, "pi-1/reboot/1");

    assertThat(port.server(PROJECT, id).orElseThrow().metadata())
        .containsEntry("landb-alias", "alibuild05--load-1-")
        .containsEntry(CloudPort.REBOOT_METADATA_KEY, "pi-1/reboot/1");
  }

  @Test
  void aMissingServerIsNotFound() {
    assertThatThrownBy(() -> port.hardReboot(PROJECT, "no-such-id", "pi-1/reboot/1"))
        .isInstanceOf(CloudNotFoundException.class)
        .hasMessageContaining("no-such-id");
  }

  private List<RecordedRequest> rebootRequests(String id) {
    return cloud.requests("POST", "/compute/v2.1/servers/" + id + "/action");
  }
}
