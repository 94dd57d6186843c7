package org.alisw.runbooks.policy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.alisw.runbooks.openstack.CloudVolume;
import org.junit.jupiter.api.Test;

class ProtectedHostsTest {

  private final ProtectedHosts guide =
      ProtectedHosts.of(new ProtectedHostsProperties(List.of("alibuild03", "alibuild09"), List.of("alibuild03"), List.of("alibuild03")));
  private final Map<String, String> servers = Map.of("id-03", "alibuild03", "id-07", "alibuild07");

  @Test
  void refusesToRebuildAlibuild03AndAlibuild09InAnySpelling() {
    assertThatThrownBy(() -> guide.requireRebuildAllowed("alibuild09")).isInstanceOf(PolicyViolation.class)
        .hasMessageContaining("Never rebuild alibuild09");
    assertThatThrownBy(() -> guide.requireRebuildAllowed("ALIBUILD03.cern.ch")).hasMessageContaining("Never rebuild alibuild03");
    assertThatCode(() -> guide.requireRebuildAllowed("alibuild07")).doesNotThrowAnyException();
  }

  @Test
  void refusesToDeleteAlibuild03ButNotAlibuild09() {
    assertThatThrownBy(() -> guide.requireDeleteAllowed(" alibuild03 ")).hasMessageContaining("Never delete alibuild03");
    assertThatCode(() -> guide.requireDeleteAllowed("alibuild09")).doesNotThrowAnyException();
  }

  @Test
  void refusesAVolumeAttachedToAlibuild03WhateverItsName() {
    CloudVolume moved = volume("scratch", List.of(new CloudVolume.Attachment("id-03", "/dev/vdc")));
    assertThatThrownBy(() -> guide.requireVolumeDeleteAllowed(moved, servers::get))
        .hasMessageContaining("attached to alibuild03");
  }

  @Test
  void refusesADetachedVolumeNamedAfterAlibuild03() {
    assertThatThrownBy(() -> guide.requireVolumeDeleteAllowed(volume("alibuild03.cern.ch_vol_001", List.of()), servers::get))
        .hasMessageContaining("named after alibuild03");
    assertThatThrownBy(() -> guide.requireVolumeDeleteAllowed(volume("alibuild03-vdb", List.of()), servers::get))
        .hasMessageContaining("named after alibuild03");
  }

  @Test
  void allowsOtherVolumesIncludingOnesOfSimilarlyNamedHosts() {
    assertThatCode(() -> guide.requireVolumeDeleteAllowed(
            volume("alibuild07.cern.ch_vol_001", List.of(new CloudVolume.Attachment("id-07", "/dev/vdb"))), servers::get))
        .doesNotThrowAnyException();
    assertThatCode(() -> guide.requireVolumeDeleteAllowed(volume("alibuild030.cern.ch_vol_001", List.of()), servers::get))
        .doesNotThrowAnyException();
  }

  private static CloudVolume volume(String name, List<CloudVolume.Attachment> attachments) {
    return new CloudVolume("vol-" + name, name, 500, "io1", attachments.isEmpty() ? "available" : "in-use", "nova", Map.of(), attachments);
  }
}
