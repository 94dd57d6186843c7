package org.alisw.runbooks.sandbox.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.host.HostCommandHandler.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a simulated host answers, straight from the data centre's state (no SSH involved). */
class HostCommandHandlerTest {

  /** One foreground run with detailed exit codes and no diff, colours left at puppet's default. */
  private static final String ONCE =
      "puppet agent --onetime --no-daemonize --verbose --detailed-exitcodes --no-show_diff";

  private SimulatedDataCentre dataCentre;
  private HostCommandHandler handler;

  @BeforeEach
  void seed() {
    dataCentre = SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    handler = new HostCommandHandler(dataCentre);
    dataCentre.servers().forEach(handler::markConverged);
  }

  @Test
  void unknownCommandExits127LikeBash() {
    Answer answer = handler.answer(server("alibuild01"), "rm -rf /tmp/x");

    assertThat(answer.exitStatus()).isEqualTo(127);
    assertThat(answer.stderr()).isEqualTo("bash: rm: command not found\n");
  }

  @Test
  void shellSyntaxItCannotExecuteExitsTwo() {
    assertThat(handler.answer(server("alibuild01"), "hostname; reboot").exitStatus()).isEqualTo(2);
  }

  @Test
  void listsRunningContainersOnePerLine() {
    Answer answer = handler.answer(server("alimesos01"), "docker ps --format '{{.Names}}'");

    assertThat(answer.stdout()).isEqualTo("aurora-scheduler\nmarathon\nmesos-dns\nmesos-master\nzookeeper\n");
  }

  @Test
  void failingPuppetRunsLookLikePuppetsAndThenConverge() {
    server("alibuild02").failNextPuppetRuns(2);

    Answer first = handler.answer(server("alibuild02"), "puppet agent -t -v");
    Answer second = handler.answer(server("alibuild02"), "puppet agent --test --verbose");
    Answer third = handler.answer(server("alibuild02"), ONCE + " --color=false");

    assertThat(first.exitStatus()).isEqualTo(4);
    assertThat(first.stderr()).contains("Error: Could not apply complete catalog");
    assertThat(second.exitStatus()).isEqualTo(4);
    assertThat(third.exitStatus()).isZero();
    assertThat(third.stdout()).endsWith("Notice: Applied catalog in 4.21 seconds\n");
  }

  @Test
  void cleanPuppetRunOnAgentStartsNoContainers() {
    handler.answer(server("alibuild03"), "puppet agent -t -v");

    assertThat(server("alibuild03").runningContainers()).isEmpty();
  }

  @Test
  void restartingMesosMasterOnTheLeaderMovesLeadership() {
    Answer answer = handler.answer(server("alimesos01"), "docker restart mesos-master");

    assertThat(answer.exitStatus()).isZero();
    assertThat(dataCentre.leadingMaster()).contains("alimesos02");
  }

  @Test
  void pullingTwiceReportsTheImageUpToDate() {
    handler.answer(server("alibuild04"), "docker pull alisw/slc7-builder");
    Answer again = handler.answer(server("alibuild04"), "docker pull alisw/slc7-builder");

    assertThat(again.stdout()).contains("Status: Image is up to date for alisw/slc7-builder:latest");
  }

  @Test
  void freshlyRebuiltHostHasNoDockerUntilPuppetConverges() {
    rebuildStaged("alibuild05");

    assertThat(handler.answer(server("alibuild05"), "docker ps --format '{{.Names}}'").exitStatus()).isEqualTo(1);
    assertThat(handler.answer(server("alibuild05"), "puppet agent -t -v").exitStatus()).isEqualTo(2);
    assertThat(handler.answer(server("alibuild05"), "docker ps --format '{{.Names}}'").exitStatus()).isZero();
  }

  @Test
  void testFlagPrintsTheDiffOfAChangedFileEvenWithNoShowDiff() {
    rebuildStaged("alibuild05");

    Answer answer = handler.answer(server("alibuild05"), "puppet agent -t -v --no-show_diff");

    assertThat(answer.exitStatus()).isEqualTo(2);
    assertThat(answer.stdout())
        .contains("--- /etc/mesos/credentials")
        .contains("+++ /tmp/puppet-file")
        .contains("@@ -0,0 +1 @@")
        .contains("+" + HostCommandHandler.SIMULATED_SECRET_LINE);
  }

  @Test
  void withoutTestFlagTheDiffIsPrintedOnlyWhenAskedFor() {
    rebuildStaged("alibuild05");
    rebuildStaged("alibuild06");

    Answer quiet = handler.answer(server("alibuild05"), ONCE + " --no-show_diff");
    Answer asked = handler.answer(server("alibuild06"), ONCE + " --show_diff");

    assertThat(quiet.exitStatus()).isEqualTo(2);
    assertThat(quiet.stdout()).contains("content changed").doesNotContain(HostCommandHandler.SIMULATED_SECRET_LINE);
    assertThat(asked.stdout()).contains("+" + HostCommandHandler.SIMULATED_SECRET_LINE);
  }

  @Test
  void coloursEveryLogLineUnlessColorIsFalse() {
    Answer coloured = handler.answer(server("alibuild01"), ONCE);
    Answer plain = handler.answer(server("alibuild01"), ONCE + " --color=false");

    assertThat(coloured.stdout()).startsWith("\u001B[0;32mInfo: Using environment 'production'\u001B[0m\n");
    assertThat(coloured.stdout()).contains("\u001B[0;36mNotice: Applied catalog");
    assertThat(plain.stdout()).startsWith("Info: Using environment 'production'\n").doesNotContain("\u001B");
  }

  @Test
  void detailedExitCodesOnlyWithTheirOptionOrTestFlag() {
    server("alibuild02").failNextPuppetRuns(2);
    rebuildStaged("alibuild05");

    String withoutDetailedCodes = "puppet agent --onetime --no-daemonize --verbose --no-show_diff";
    assertThat(handler.answer(server("alibuild02"), withoutDetailedCodes).exitStatus()).isZero();
    assertThat(handler.answer(server("alibuild02"), ONCE).exitStatus()).isEqualTo(4);
    assertThat(handler.answer(server("alibuild05"), withoutDetailedCodes).exitStatus()).isZero();
  }

  @Test
  void anAgentThatWouldDaemonizeExitsZeroWithoutRunning() {
    server("alibuild02").failNextPuppetRuns(1);

    Answer daemon = handler.answer(server("alibuild02"), "puppet agent --verbose --detailed-exitcodes");

    assertThat(daemon).isEqualTo(Answer.ok(""));
    assertThat(handler.answer(server("alibuild02"), ONCE).exitStatus()).isEqualTo(4);
  }

  @Test
  void anUnknownOptionIsRefusedAsPuppetRefusesIt() {
    Answer answer = handler.answer(server("alibuild01"), ONCE + " --frobnicate");

    assertThat(answer.exitStatus()).isEqualTo(1);
    assertThat(answer.stderr()).isEqualTo("Error: Could not parse application options: invalid option: --frobnicate\n");
  }

  /** Rebuilds as ai-rebuild-vm does: staged in Certmgr first, so the host gets its certificate and runs puppet. */
  private void rebuildStaged(String name) {
    dataCentre.certificateStagings().stage(name + ".cern.ch", "ai-rebuild-vm", dataCentre.now());
    server(name).rebuild(Duration.ZERO, dataCentre.now());
  }

  private SimulatedServer server(String name) {
    return dataCentre.server(name).orElseThrow();
  }

  @Test
  void runsTheCommandBehindATimeoutPrefix() {
    Answer answer = handler.answer(server("alibuild06"), "timeout --kill-after=30s 5 hostname");

    assertThat(answer).isEqualTo(Answer.ok("alibuild06\n"));
  }

  @Test
  void stopsASlowCommandAtTheTimeoutPrefixLimitWithoutRunningIt() throws Exception {
    server("alibuild07").failNextPuppetRuns(1);

    Answer answer =
        handler.answer(
            server("alibuild07"), "timeout --kill-after=30s 0.2s puppet agent -t -v --no-show_diff", Duration.ofSeconds(30));

    assertThat(answer.exitStatus()).isEqualTo(124);
    assertThat(handler.answer(server("alibuild07"), "puppet agent -t -v --no-show_diff").exitStatus()).isEqualTo(4);
  }

  @Test
  void slowCommandWithinTheLimitFinishes() throws Exception {
    Answer answer = handler.answer(server("alibuild08"), "timeout 5 hostname", Duration.ofMillis(50));

    assertThat(answer).isEqualTo(Answer.ok("alibuild08\n"));
  }

  @Test
  void refusesTimeoutWithoutACommandOrWithABadDuration() {
    assertThat(handler.answer(server("alibuild09"), "timeout 5").exitStatus()).isEqualTo(125);
    assertThat(handler.answer(server("alibuild09"), "timeout --kill-after=30s five hostname").exitStatus())
        .isEqualTo(125);
  }
}
