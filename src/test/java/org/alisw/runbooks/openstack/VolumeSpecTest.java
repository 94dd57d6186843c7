package org.alisw.runbooks.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** ai-bs's --nova-attach-new-volume syntax. */
class VolumeSpecTest {

  @Test
  void parsesTheGuidesVolumes() {
    assertThat(VolumeSpec.parse("vdb=200GB")).isEqualTo(new VolumeSpec("vdb", 200, null));
    assertThat(VolumeSpec.parse("vdb=500GB:type=io1")).isEqualTo(new VolumeSpec("vdb", 500, "io1"));
    assertThat(VolumeSpec.parse("vdb=500GB:type=io1").devicePath()).isEqualTo("/dev/vdb");
    assertThat(VolumeSpec.parse("vdc=50").toString()).isEqualTo("vdc=50GB");
  }

  @Test
  void aTerabyteIsAThousandGigabytesAsInAiBs() {
    assertThat(VolumeSpec.parse("vdb=1TB")).isEqualTo(new VolumeSpec("vdb", 1000, null));
    assertThat(VolumeSpec.parse("vdb=2TB:type=io1").sizeGb()).isEqualTo(2000);
  }

  @Test
  void deleteOnTerminateComesBeforeTheTypeAsInAiBs() {
    VolumeSpec spec = VolumeSpec.parse("vdc=100GB:delete-on-terminate:type=io1");

    assertThat(spec).isEqualTo(new VolumeSpec("vdc", 100, "io1", true));
    assertThat(spec.toString()).isEqualTo("vdc=100GB:delete-on-terminate:type=io1");
    assertThat(VolumeSpec.parse("vdb=500GB:type=io1").deleteOnTermination()).isFalse();
    assertThatThrownBy(() -> VolumeSpec.parse("vdc=100GB:type=io1:delete-on-terminate")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void volumesCreatedBeforeTheBootAreNamedAfterTheFqdnWithoutAZone() {
    VolumeRequest first = VolumeRequest.beforeBoot("alibuild13.cern.ch", 1, VolumeSpec.parse("vdb=500GB:type=io1"), "pi-1");
    VolumeRequest second = VolumeRequest.beforeBoot("alibuild13.cern.ch", 2, VolumeSpec.parse("vdc=1TB"), "pi-1");

    assertThat(first.name()).isEqualTo("alibuild13.cern.ch_vol_001");
    assertThat(second.name()).isEqualTo("alibuild13.cern.ch_vol_002");
    assertThat(first.availabilityZone()).isNull();
    assertThat(first.spec().type()).isEqualTo("io1");
    assertThatThrownBy(() -> VolumeRequest.beforeBoot("alibuild13", 1, VolumeSpec.parse("vdb=1GB"), "pi-1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FQDN");
  }

  @Test
  void refusesWhatAiBsWouldRefuse() {
    assertThatThrownBy(() -> VolumeSpec.parse("vda=200GB")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VolumeSpec.parse("vdb=0GB")).isInstanceOf(IllegalArgumentException.class);
    // ai-bs would read "1tb" as 1 GB: refused rather than misread.
    assertThatThrownBy(() -> VolumeSpec.parse("vdb=1tb")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vdb=500GB:type=io1");
  }
}
