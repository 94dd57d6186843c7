package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.host.HostException.Reason;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.host.ReceivedCommand;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The guide's docker checks over SSH against the simulated hosts. */
class ShellDockerTest {

  @RegisterExtension final HostsFixture hosts = new HostsFixture();

  @Test
  void healthyMasterRunsEveryRequiredContainer() {
    ContainerCheck check = hosts.docker().checkContainers("alimesos01", "master");

    assertThat(check.healthy()).isTrue();
    assertThat(check.dockerRunning()).isTrue();
    assertThat(check.missing()).isEmpty();
    assertThat(check.running())
        .containsExactly("aurora-scheduler", "marathon", "mesos-dns", "mesos-master", "zookeeper");
    assertThat(hosts.simulated.receivedCommands("alimesos01"))
        .containsExactly(
            new ReceivedCommand("alimesos01", "root", "docker ps --format '{{.Names}}'", 0));
  }

  @Test
  void reportsExactlyWhichContainersAreMissing() {
    hosts.server("alimesos02").stopContainer("zookeeper");
    hosts.server("alimesos02").stopContainer("mesos-dns");

    ContainerCheck check = hosts.docker().checkContainers("alimesos02", "master");

    assertThat(check.healthy()).isFalse();
    assertThat(check.dockerRunning()).isTrue();
    assertThat(check.missing()).containsExactly("zookeeper", "mesos-dns");
    assertThat(check.running()).containsExactly("aurora-scheduler", "marathon", "mesos-master");
  }

  @Test
  void reportsDockerNotRunningOnRebuiltHostBeforePuppet() {
    hosts.rebuildAndTrust("alimesos03");

    ContainerCheck check = hosts.docker().checkContainers("alimesos03", "master");

    assertThat(check.dockerRunning()).isFalse();
    assertThat(check.missing()).hasSize(5);
    assertThat(check.detail()).contains("Is the docker daemon running?");
  }

  @Test
  void agentNeedsNoContainers() {
    assertThat(hosts.docker().checkContainers("alibuild01", "agent").healthy()).isTrue();
  }

  @Test
  void refusesRoleWithoutConfiguredContainers() {
    assertThatThrownBy(() -> hosts.docker().checkContainers("alibuild01", "builder"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agent, master");
  }

  @Test
  void pullThatOutlivesItsLimitIsStoppedOnTheHost() {
    hosts.faults.inject(
        SimulatedHosts.execOperation("alibuild03"), new Faults.Latency(Duration.ofSeconds(30)), 1);
    Docker docker = new ShellDocker(hosts.shell(), Map.of("agent", List.of()), Duration.ofSeconds(1));

    assertThatThrownBy(() -> docker.pullImage("alibuild03", "alisw/slc7-builder"))
        .isInstanceOfSatisfying(
            RemoteCommandTimeoutException.class,
            e -> assertThat(e.getMessage()).contains("stopped on the host", "exit status 124"));
    assertThat(hosts.simulated.receivedCommands("alibuild03"))
        .containsExactly(
            new ReceivedCommand(
                "alibuild03", "root", "timeout --kill-after=30s 1 docker pull 'alisw/slc7-builder'", 124));
    assertThat(hosts.server("alibuild03").pulledImages()).isEmpty();
  }

  @Test
  void pullsTheBuilderImage() {
    CommandResult pull = hosts.docker().pullImage("alibuild02", "alisw/slc7-builder");

    assertThat(pull.stdout()).contains("Status: Downloaded newer image for alisw/slc7-builder:latest");
    assertThat(hosts.server("alibuild02").pulledImages()).containsExactly("alisw/slc7-builder:latest");
    assertThat(hosts.simulated.receivedCommands("alibuild02"))
        .extracting(ReceivedCommand::command)
        .containsExactly("timeout --kill-after=30s 20 docker pull 'alisw/slc7-builder'");
  }

  @Test
  void refusesImageNameThatIsNotOneBeforeConnecting() {
    assertThatThrownBy(() -> hosts.docker().pullImage("alibuild02", "alisw/slc7-builder; reboot"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> hosts.docker().pullImage("alibuild02", "--help"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(hosts.simulated.receivedCommands()).isEmpty();
  }

  @Test
  void restartingMesosMasterOnTheLeaderMovesLeadership() {
    assertThat(hosts.dataCentre.leadingMaster()).contains("alimesos01");

    hosts.docker().restartContainer("alimesos01", "mesos-master");

    assertThat(hosts.dataCentre.leadingMaster()).isPresent().get().isNotEqualTo("alimesos01");
    assertThat(hosts.simulated.receivedCommands("alimesos01"))
        .extracting(ReceivedCommand::command)
        .containsExactly("docker restart 'mesos-master'");
  }

  @Test
  void restartOfUnknownContainerFailsWithDockersMessage() {
    assertThatThrownBy(() -> hosts.docker().restartContainer("alibuild03", "mesos-master"))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.COMMAND_FAILED);
              assertThat(e.getMessage()).contains("No such container: mesos-master");
            });
  }
}
