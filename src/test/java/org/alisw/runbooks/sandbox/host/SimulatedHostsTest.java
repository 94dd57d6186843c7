package org.alisw.runbooks.sandbox.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer.Role;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the simulated hosts hand to the production adapter, and how they follow the servers. */
class SimulatedHostsTest {

  @TempDir Path directory;
  private SimulatedDataCentre dataCentre;
  private SimulatedHosts hosts;

  @BeforeEach
  void start() {
    dataCentre = SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    hosts = SimulatedHosts.start(dataCentre, directory.resolve("ssh"), "root", new Faults());
  }

  @AfterEach
  void stop() {
    hosts.close();
  }

  @Test
  void writesIdentityKnownHostsAndAddressesOfEverySeededHost() throws IOException {
    List<String> knownHosts = entries(hosts.knownHostsFile());
    List<String> addresses = entries(hosts.addressFile());

    assertThat(knownHosts).hasSize(15);
    assertThat(knownHosts)
        .contains(
            "[127.0.0.1]:" + hosts.port("alimesos01") + " "
                + SimulatedHostKeys.publicKeyText(hosts.hostKey("alimesos01")));
    assertThat(addresses).hasSize(15).contains("alibuild03 127.0.0.1:" + hosts.port("alibuild03"));
    assertThat(Files.readString(hosts.identityFile())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    assertThat(Files.getPosixFilePermissions(hosts.identityFile()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void rebuiltHostPresentsAFreshKeyAndItsConsoleShowsIt() {
    String before = hosts.hostKeyFingerprint("alibuild05");

    dataCentre.server("alibuild05").orElseThrow().rebuild(Duration.ofSeconds(3), dataCentre.now());

    String after = hosts.hostKeyFingerprint("alibuild05");
    assertThat(after).isNotEqualTo(before).startsWith("SHA256:");
    assertThat(hosts.consoleFingerprintLines("alibuild05"))
        .contains("256 " + after + " root@alibuild05 (ECDSA)");
  }

  @Test
  void followsServersAddedAndDeleted() throws IOException {
    dataCentre.add("alibuild13", Role.AGENT, "cern-geneva-a", "release-testing", "ACTIVE");
    int port = hosts.port("alibuild13");
    assertThat(entries(hosts.addressFile())).contains("alibuild13 127.0.0.1:" + port);
    assertThat(entries(hosts.knownHostsFile())).noneMatch(line -> line.startsWith("[127.0.0.1]:" + port + " "));

    dataCentre.delete("alibuild13");

    assertThat(entries(hosts.addressFile())).noneMatch(line -> line.startsWith("alibuild13 "));
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .isInstanceOf(IOException.class);
  }

  @Test
  void closingRemovesWhatItWrote() {
    Path knownHosts = hosts.knownHostsFile();

    hosts.close();

    assertThat(knownHosts).doesNotExist();
    assertThat(hosts.directory()).doesNotExist();
  }

  private static List<String> entries(Path file) throws IOException {
    return Files.readAllLines(file).stream().filter(line -> !line.startsWith("#")).toList();
  }
}
