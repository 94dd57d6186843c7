package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.alisw.runbooks.sandbox.openstack.SimulatedCinder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Volumes caught mid-change (attaching, detaching, deleting, extending, ...): a retried job sends
 * no second request Cinder would refuse with a 400 (an incident); it either sees the change under
 * way as its own or fails with "not yet" ({@link CloudBusyException}) for the engine to retry.
 */
class CloudPortVolumeTransitionTest {

  private static final String PROJECT = "release-testing";
  private static final String INSTANCE = "5e1f9a77-process-instance";
  private static final Duration CHANGE = Duration.ofSeconds(30);

  @RegisterExtension final SimulatedCloud cloud = new SimulatedCloud();
  private final CloudPort port = cloud.port();
  private final SimulatedCinder cinder = cloud.simulator.cinder();
  private CloudServer server;
  private CloudVolume volume;

  @BeforeEach
  void serverWithAnAvailableVolume() {
    server = port.createServer(PROJECT, SimulatedCloud.agent("alibuild13", INSTANCE));
    volume = port.ensureVolume(PROJECT, VolumeRequest.forServer(server, VolumeSpec.parse("vdb=500GB:type=io1"), INSTANCE));
    cloud.clock.advance(Duration.ofSeconds(60));
    server = port.server(PROJECT, server.id()).orElseThrow();
  }

  @Test
  void aRetriedAttachWhileTheVolumeIsAttachingSendsNoSecondRequest() {
    cinder.setAttachTime(CHANGE);
    port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb");
    assertThat(port.volume(PROJECT, volume.id()).orElseThrow().status()).isEqualTo("attaching");

    port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb");

    assertThat(attachRequests()).isEqualTo(1);
    cloud.clock.advance(CHANGE);
    assertThat(port.volume(PROJECT, volume.id()).orElseThrow().isAttachedTo(server.id())).isTrue();
  }

  @Test
  void anAttachWhileTheVolumeIsReservedElsewhereIsNotYet() {
    cinder.holdStatus(volume.id(), "reserved", CHANGE);

    assertThatThrownBy(() -> port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb"))
        .isInstanceOf(CloudBusyException.class)
        .hasMessageContaining("is reserved");
    assertThat(attachRequests()).isZero();

    cloud.clock.advance(CHANGE);
    port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb");
    assertThat(attachRequests()).isEqualTo(1);
  }

  @Test
  void aRetriedDetachWhileDetachingSendsNoSecondRequestAndTheDeleteWaitsForIt() {
    port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb");
    cinder.setDetachTime(CHANGE);
    port.detachVolume(PROJECT, server.id(), volume.id());

    port.detachVolume(PROJECT, server.id(), volume.id());
    assertThatThrownBy(() -> port.deleteVolume(PROJECT, volume.id()))
        .isInstanceOf(CloudBusyException.class)
        .hasMessageContaining("is detaching");

    assertThat(cloud.requests("DELETE", "/compute/v2.1/servers/.*/os-volume_attachments/.*")).hasSize(1);
    assertThat(volumeDeletes()).isZero();
    cloud.clock.advance(CHANGE);
    port.deleteVolume(PROJECT, volume.id());
    assertThat(port.volume(PROJECT, volume.id())).isEmpty();
  }

  @Test
  void aDetachWhileTheAttachIsStillUnderWayIsNotYet() {
    cinder.setAttachTime(CHANGE);
    port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb");

    // Cinder lists no attachment yet: "nothing to detach" would leave it attached.
    assertThatThrownBy(() -> port.detachVolume(PROJECT, server.id(), volume.id()))
        .isInstanceOf(CloudBusyException.class)
        .hasMessageContaining("is attaching");
    assertThat(cloud.requests("DELETE", "/compute/v2.1/servers/.*/os-volume_attachments/.*")).isEmpty();
  }

  @Test
  void aRetriedDeleteWhileDeletingSendsNoSecondRequest() {
    cinder.setDeleteTime(CHANGE);
    port.deleteVolume(PROJECT, volume.id());
    assertThat(port.volume(PROJECT, volume.id()).orElseThrow().status()).isEqualTo("deleting");

    port.deleteVolume(PROJECT, volume.id());

    assertThat(volumeDeletes()).isEqualTo(1);
    cloud.clock.advance(CHANGE);
    assertThat(port.volume(PROJECT, volume.id())).isEmpty();
  }

  @Test
  void nothingIsRequestedOfAVolumeBeingExtendedOrBackedUp() {
    port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb");
    cinder.holdStatus(volume.id(), "extending", CHANGE);
    assertThatThrownBy(() -> port.detachVolume(PROJECT, server.id(), volume.id()))
        .isInstanceOf(CloudBusyException.class)
        .hasMessageContaining("is extending");

    cloud.clock.advance(CHANGE);
    port.detachVolume(PROJECT, server.id(), volume.id());
    cinder.holdStatus(volume.id(), "backing-up", CHANGE);
    assertThatThrownBy(() -> port.deleteVolume(PROJECT, volume.id())).isInstanceOf(CloudBusyException.class);
    assertThatThrownBy(() -> port.attachVolume(PROJECT, server.id(), volume.id(), "/dev/vdb"))
        .isInstanceOf(CloudBusyException.class);

    assertThat(volumeDeletes()).isZero();
    assertThat(attachRequests()).isEqualTo(1);
  }

  @Test
  void ensureVolumeWaitsForAVolumeOfTheSameNameBeingDeleted() {
    cinder.setDeleteTime(CHANGE);
    port.deleteVolume(PROJECT, volume.id());
    VolumeRequest again = VolumeRequest.forServer(server, VolumeSpec.parse("vdb=500GB:type=io1"), "another-instance");

    assertThatThrownBy(() -> port.ensureVolume(PROJECT, again))
        .isInstanceOf(CloudBusyException.class)
        .hasMessageContaining("being deleted");

    cloud.clock.advance(CHANGE);
    assertThat(port.ensureVolume(PROJECT, again).id()).isNotEqualTo(volume.id());
  }

  @Test
  void ensureVolumeDoesNotAdoptItsOwnVolumeWhileItIsBeingDeleted() {
    cinder.setDeleteTime(CHANGE);
    port.deleteVolume(PROJECT, volume.id());

    assertThatThrownBy(() -> port.ensureVolume(PROJECT, VolumeRequest.forServer(server, VolumeSpec.parse("vdb=500GB:type=io1"), INSTANCE)))
        .isInstanceOf(CloudBusyException.class);
  }

  private int attachRequests() {
    return cloud.requests("POST", "/compute/v2.1/servers/" + server.id() + "/os-volume_attachments").size();
  }

  private int volumeDeletes() {
    return cloud.requests("DELETE", "/volume/v3/.*/volumes/" + volume.id()).size();
  }
}
