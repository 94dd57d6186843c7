package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteCommandTest {

  @Test
  void quotesTheGuidesCommandsForTheRemoteShell() {
    assertThat(RemoteCommand.dockerPs().line()).isEqualTo("docker ps --format '{{.Names}}'");
    assertThat(RemoteCommand.dockerPull("alisw/slc7-builder").line())
        .isEqualTo("docker pull 'alisw/slc7-builder'");
    assertThat(RemoteCommand.dockerPull("registry.cern.ch:5000/alisw/slc7-builder:2024.1").line())
        .isEqualTo("docker pull 'registry.cern.ch:5000/alisw/slc7-builder:2024.1'");
    assertThat(RemoteCommand.dockerRestart("mesos-master").line()).isEqualTo("docker restart 'mesos-master'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"alisw/slc7-builder; reboot", "--help", "alisw/$(id)", "alisw/'x'", "Alisw/Builder", ""})
  void refusesWhatIsNotAnImageName(String image) {
    assertThatThrownBy(() -> RemoteCommand.dockerPull(image)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mesos-master && reboot", "-t", "a b", ""})
  void refusesWhatIsNotAContainerName(String container) {
    assertThatThrownBy(() -> RemoteCommand.dockerRestart(container))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"puppet agent -t -v; reboot", "puppet agent -t | tee x", "puppet  agent", "puppet $(x)"})
  void refusesConfiguredCommandWithShellSyntax(String line) {
    assertThatThrownBy(() -> RemoteCommand.configured(line)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void singleQuotesSurviveQuoting() {
    assertThat(RemoteCommand.quote("it's")).isEqualTo("'it'\\''s'");
  }
}
