package org.alisw.runbooks.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The naming rule of new machines and the masters' zone rule, without an engine. */
class CreationPolicyTest {

  private final MachineNaming naming = new MachineNaming(Pattern.compile("alibuild[0-9]{2,}"), Pattern.compile("alimesos[0-9]{2}"));
  private final MasterZones zones = new MasterZones(List.of("cern-geneva-a", "cern-geneva-b", "cern-geneva-c"));

  @Test
  void agentsAreAlibuildWithAtLeastTwoDigits() {
    assertThat(naming.requireAgentName("alibuild13")).isEqualTo("alibuild13");
    assertThat(naming.requireAgentName("alibuild100")).isEqualTo("alibuild100");
    assertThatThrownBy(() -> naming.requireAgentName("alibuild1")).isInstanceOf(PolicyViolation.class);
    assertThatThrownBy(() -> naming.requireAgentName("alimesos13")).hasMessageContaining("must match alibuild[0-9]{2,}");
    assertThatThrownBy(() -> naming.requireAgentName("alibuild13.cern.ch")).isInstanceOf(PolicyViolation.class);
    assertThatThrownBy(() -> naming.requireAgentName(" ")).hasMessageContaining("is required");
  }

  @Test
  void mastersAreAlimesosWithTwoDigits() {
    assertThat(naming.requireMasterName("alimesos04")).isEqualTo("alimesos04");
    assertThatThrownBy(() -> naming.requireMasterName("alimesos004")).hasMessageContaining("must match alimesos[0-9]{2}");
    assertThat(naming.isMasterName("alimesos01")).isTrue();
    assertThat(naming.isMasterName("alibuild01")).isFalse();
    assertThat(naming.isMasterName(null)).isFalse();
  }

  @Test
  void aMasterGoesToAConfiguredZoneNoOtherMasterUses() {
    Map<String, String> others = Map.of("alimesos01", "cern-geneva-a", "alimesos02", "cern-geneva-b");

    assertThat(zones.requireFreeZone("cern-geneva-c", others)).isEqualTo("cern-geneva-c");
    assertThatThrownBy(() -> zones.requireFreeZone("cern-geneva-b", others))
        .hasMessage("Zone cern-geneva-b already has a master; zones in use: alimesos01 in cern-geneva-a, alimesos02 in"
            + " cern-geneva-b. Masters must be in different zones; free: [cern-geneva-c].");
    assertThatThrownBy(() -> zones.requireFreeZone("cern-geneva-d", Map.of())).hasMessageContaining("is not a zone for masters");
    assertThatThrownBy(() -> zones.requireFreeZone(null, Map.of())).hasMessageContaining("is required");
  }

  @Test
  void saysSoWhenNoZoneIsFree() {
    assertThatThrownBy(() -> zones.requireFreeZone("cern-geneva-a",
            Map.of("alimesos01", "cern-geneva-a", "alimesos02", "cern-geneva-b", "alimesos03", "cern-geneva-c")))
        .hasMessageEndingWith("no zone is free.");
  }
}
