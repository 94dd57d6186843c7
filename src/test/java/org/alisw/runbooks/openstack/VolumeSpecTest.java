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
  void refusesWhatAiBsWouldRefuse() {
    assertThatThrownBy(() -> VolumeSpec.parse("vda=200GB")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VolumeSpec.parse("vdb=0GB")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VolumeSpec.parse("vdb=500TB")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vdb=500GB:type=io1");
  }
}
