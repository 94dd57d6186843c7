package org.alisw.runbooks.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.alisw.runbooks.sandbox.SimulatedServer.Role;
import org.junit.jupiter.api.Test;

/** Which simulated machines hold a Puppet certificate: the data centre's side of Certmgr staging. */
class FirstBootCertificateTest {

  private static final Duration BOOT = Duration.ofSeconds(60);
  private static final Duration REBUILD = Duration.ofSeconds(90);

  private final MovableClock clock = new MovableClock();
  private final SimulatedDataCentre dc =
      SimulatedDataCentre.seeded(clock, new SimulationTimings(BOOT, REBUILD, Duration.ofSeconds(30)), "release-testing");
  private final CertificateStagings stagings = dc.certificateStagings();

  @Test
  void seededMachinesHaveTheirCertificate() {
    assertThat(dc.servers()).allMatch(s -> s.hasPuppetCertificate(clock.instant()));
  }

  @Test
  void aVmBootedWithoutStagingHasNoCertificate() {
    SimulatedServer vm = boot("alibuild13");

    clock.advance(BOOT.plusSeconds(1));

    assertThat(vm.status(clock.instant())).isEqualTo("ACTIVE");
    assertThat(vm.hasPuppetCertificate(clock.instant())).isFalse();
  }

  @Test
  void aVmStagedBeforeItsBootConsumesTheStagingAndGetsItsCertificate() {
    stagings.stage("alibuild13.cern.ch", "runbooks", clock.instant());
    SimulatedServer vm = boot("alibuild13");
    assertThat(vm.hasPuppetCertificate(clock.instant())).isFalse();

    clock.advance(BOOT.plusSeconds(1));

    assertThat(vm.hasPuppetCertificate(clock.instant())).isTrue();
    assertThat(stagings.all()).isEmpty();
  }

  @Test
  void aStagingMadeAfterTheBootEndedDoesNotCountEvenIfNobodyLookedInBetween() {
    SimulatedServer vm = boot("alibuild13");
    clock.advance(BOOT.plusSeconds(10));
    stagings.stage("alibuild13.cern.ch", "runbooks", clock.instant());

    assertThat(vm.hasPuppetCertificate(clock.instant())).isFalse();
    assertThat(stagings.all()).hasSize(1);
  }

  @Test
  void anExpiredStagingDoesNotCount() {
    stagings.stage("alibuild13.cern.ch", "runbooks", clock.instant().minus(CertificateStagings.LIFETIME));
    SimulatedServer vm = boot("alibuild13");

    clock.advance(BOOT.plusSeconds(1));

    assertThat(vm.hasPuppetCertificate(clock.instant())).isFalse();
  }

  @Test
  void aRebuildLosesTheCertificateUnlessTheHostWasStagedAgain() {
    SimulatedServer unstaged = dc.server("alibuild04").orElseThrow();
    SimulatedServer staged = dc.server("alibuild05").orElseThrow();
    stagings.stage("alibuild05.cern.ch", "ai-rebuild-vm", clock.instant());

    unstaged.rebuild(REBUILD, clock.instant());
    staged.rebuild(REBUILD, clock.instant());
    clock.advance(REBUILD.plusSeconds(1));

    assertThat(unstaged.hasPuppetCertificate(clock.instant())).isFalse();
    assertThat(staged.hasPuppetCertificate(clock.instant())).isTrue();
  }

  @Test
  void oneStagingServesOneBootOnly() {
    stagings.stage("alibuild05.cern.ch", "ai-rebuild-vm", clock.instant());
    SimulatedServer server = dc.server("alibuild05").orElseThrow();
    server.rebuild(REBUILD, clock.instant());
    clock.advance(REBUILD.plusSeconds(1));
    assertThat(server.hasPuppetCertificate(clock.instant())).isTrue();

    server.rebuild(REBUILD, clock.instant());
    clock.advance(REBUILD.plusSeconds(1));

    assertThat(server.hasPuppetCertificate(clock.instant())).isFalse();
  }

  @Test
  void aHardRebootKeepsTheCertificate() {
    SimulatedServer server = dc.server("alibuild06").orElseThrow();

    server.beginTransition("HARD_REBOOT", Duration.ofSeconds(30), "ACTIVE", clock.instant());
    clock.advance(Duration.ofSeconds(31));

    assertThat(server.hasPuppetCertificate(clock.instant())).isTrue();
  }

  @Test
  void listenersAreToldOfEachFirstBootOnceWithTheMomentItEnded() {
    List<String> booted = new CopyOnWriteArrayList<>();
    dc.addListener(new DataCentreListener() {
      @Override
      public void serverBooted(SimulatedServer server, Instant at) {
        booted.add(server.name() + "@" + at);
      }
    });
    Instant start = clock.instant();
    SimulatedServer vm = boot("alibuild13");
    clock.advance(BOOT.plusSeconds(100));

    vm.status(clock.instant());
    vm.status(clock.instant());

    assertThat(booted).containsExactly("alibuild13@" + start.plus(BOOT));
  }

  /** A server created as Nova does it: BUILD, then ACTIVE after the boot time. */
  private SimulatedServer boot(String name) {
    SimulatedServer server = dc.add(name, Role.AGENT, "cern-geneva-a", "release-testing", "BUILD");
    server.beginTransition("BUILD", BOOT, "ACTIVE", clock.instant());
    return server;
  }

  /** A clock the test moves by hand. */
  private static final class MovableClock extends java.time.Clock {
    private volatile Instant now = Instant.parse("2026-11-25T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
