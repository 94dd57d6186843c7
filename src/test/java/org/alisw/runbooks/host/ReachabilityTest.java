package org.alisw.runbooks.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Ping it": the SSH port probe against the simulated hosts, and the ICMP mode through a stand-in
 * ping script, so that the tests never depend on ping being installed.
 */
class ReachabilityTest {

  private static final String IPUTILS_ANSWERED =
      """
      PING alibuild01.cern.ch (188.184.0.1) 56(84) bytes of data.
      64 bytes from 188.184.0.1: icmp_seq=1 ttl=62 time=0.412 ms
      64 bytes from 188.184.0.1: icmp_seq=2 ttl=62 time=0.388 ms

      --- alibuild01.cern.ch ping statistics ---
      3 packets transmitted, 2 received, 33.3333% packet loss, time 2003ms
      rtt min/avg/max/mdev = 0.388/0.400/0.412/0.012 ms
      """;

  private static final String IPUTILS_SILENT =
      """
      PING alibuild02.cern.ch (188.184.0.2) 56(84) bytes of data.

      --- alibuild02.cern.ch ping statistics ---
      3 packets transmitted, 0 received, 100% packet loss, time 2031ms
      """;

  private static final String BSD_ANSWERED =
      """
      --- alibuild01.cern.ch ping statistics ---
      3 packets transmitted, 3 packets received, 0.0% packet loss
      round-trip min/avg/max/stddev = 0.211/0.305/0.401/0.078 ms
      """;

  @TempDir Path directory;
  @RegisterExtension final HostsFixture hosts = new HostsFixture();

  @Test
  void sshPortProbeReachesActiveHostAndMeasuresRoundTrip() {
    PingResult result = new SshPortProbe(hosts.resolver, 3, Duration.ofSeconds(2)).ping("alibuild01");

    assertThat(result.reachable()).isTrue();
    assertThat(result.method()).isEqualTo("ssh-port");
    assertThat(result.sent()).isEqualTo(3);
    assertThat(result.received()).isEqualTo(3);
    assertThat(result.averageRttMillis()).isNotNull().isPositive();
    assertThat(result.target()).isEqualTo("127.0.0.1:" + hosts.simulated.port("alibuild01"));
  }

  @Test
  void sshPortProbeReportsUnreachableHostAsResult() {
    hosts.server("alibuild02").setSshReachable(false);

    PingResult result = new SshPortProbe(hosts.resolver, 2, Duration.ofSeconds(2)).ping("alibuild02");

    assertThat(result.reachable()).isFalse();
    assertThat(result.received()).isZero();
    assertThat(result.averageRttMillis()).isNull();
  }

  @Test
  void icmpPingRunsTheConfiguredCommandAndReadsItsStatistics() throws Exception {
    Path ping = fakePing(IPUTILS_ANSWERED, 0);
    Path arguments = directory.resolve("arguments");

    PingResult result =
        new IcmpPing(
                new ConfiguredHostResolver(".cern.ch", 22, null),
                ping + " -n -c {count} -w {deadline} {address}",
                3,
                Duration.ofMillis(2500))
            .ping("alibuild01");

    assertThat(result.reachable()).isTrue();
    assertThat(result.method()).isEqualTo("icmp");
    assertThat(result.target()).isEqualTo("alibuild01.cern.ch");
    assertThat(result.sent()).isEqualTo(3);
    assertThat(result.received()).isEqualTo(2);
    assertThat(result.averageRttMillis()).isEqualTo(0.400);
    assertThat(Files.readString(arguments).strip()).isEqualTo("-n -c 3 -w 3 alibuild01.cern.ch");
  }

  @Test
  void icmpPingWithoutAnswerIsUnreachable() throws Exception {
    Path ping = fakePing(IPUTILS_SILENT, 1);

    PingResult result =
        new IcmpPing(new ConfiguredHostResolver(".cern.ch", 22, null), ping + " {address}", 3, Duration.ofSeconds(1))
            .ping("alibuild02");

    assertThat(result.reachable()).isFalse();
    assertThat(result.sent()).isEqualTo(3);
    assertThat(result.received()).isZero();
    assertThat(result.averageRttMillis()).isNull();
  }

  @Test
  void brokenPingProbeIsAnErrorNotAHostThatIsDown() throws Exception {
    // iputils in a container without CAP_NET_RAW: exit 2, no statistics at all.
    Path ping = fakePing("ping: socket: Operation not permitted", 2);
    IcmpPing icmp =
        new IcmpPing(new ConfiguredHostResolver(".cern.ch", 22, null), ping + " {address}", 3, Duration.ofSeconds(1));

    assertThatThrownBy(() -> icmp.ping("alibuild02"))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(HostException.Reason.PROBE_FAILED);
              assertThat(e.host()).isEqualTo("alibuild02");
              assertThat(e.getMessage())
                  .contains("misconfigured", "exit status 2", "ping: socket: Operation not permitted");
            });
  }

  @Test
  void pingKilledBySignalIsAnError() throws Exception {
    Path ping = fakeScript("#!/bin/sh\necho 'PING alibuild03.cern.ch'\nkill -9 $$\n");
    IcmpPing icmp =
        new IcmpPing(new ConfiguredHostResolver(".cern.ch", 22, null), ping + " {address}", 3, Duration.ofSeconds(1));

    assertThatThrownBy(() -> icmp.ping("alibuild03"))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(HostException.Reason.PROBE_FAILED);
              assertThat(e.getMessage()).contains("misconfigured", "exit status 137");
            });
  }

  @Test
  void errorMessageCarriesOnlyTheHeadOfALongOutput() throws Exception {
    Path ping = fakePing("ping: unknown option\n" + "usage line\n".repeat(2000), 64);
    IcmpPing icmp =
        new IcmpPing(new ConfiguredHostResolver(".cern.ch", 22, null), ping + " {address}", 3, Duration.ofSeconds(1));

    assertThatThrownBy(() -> icmp.ping("alibuild04"))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.getMessage()).contains("exit status 64", "ping: unknown option", "...");
              assertThat(e.getMessage()).hasSizeLessThan(1024);
            });
  }

  @Test
  void readsBsdPingStatistics() {
    PingResult result = IcmpPing.parse("alibuild01", "alibuild01.cern.ch", BSD_ANSWERED);

    assertThat(result.received()).isEqualTo(3);
    assertThat(result.averageRttMillis()).isEqualTo(0.305);
  }

  @Test
  void missingPingCommandIsAConfigurationError() {
    IcmpPing ping =
        new IcmpPing(
            new ConfiguredHostResolver("", 22, null),
            directory.resolve("no-such-ping") + " {address}",
            1,
            Duration.ofSeconds(1));

    assertThatThrownBy(() -> ping.ping("alibuild01"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runbooks.hosts.ping.command");
  }

  @Test
  void refusesPingCommandWithoutTheAddress() {
    assertThatThrownBy(
            () -> new IcmpPing(new ConfiguredHostResolver("", 22, null), "ping -c 3", 3, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{address}");
  }

  /** A ping stand-in that records its arguments and prints {@code output}. */
  private Path fakePing(String output, int exitStatus) throws Exception {
    Path canned = directory.resolve("ping-output");
    Files.writeString(canned, output);
    return fakeScript(
        "#!/bin/sh\nprintf '%s\\n' \"$*\" > '" + directory.resolve("arguments") + "'\ncat '" + canned + "'\nexit "
            + exitStatus + "\n");
  }

  private Path fakeScript(String content) throws Exception {
    Path script = directory.resolve("ping");
    Files.writeString(script, content);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }
}
