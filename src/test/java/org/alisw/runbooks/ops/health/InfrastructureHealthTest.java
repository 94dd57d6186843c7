package org.alisw.runbooks.ops.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.alisw.runbooks.foreman.ForemanClient;
import org.alisw.runbooks.foreman.ForemanProperties;
import org.alisw.runbooks.host.HostKeyCheck;
import org.alisw.runbooks.host.HostKeyReplacement;
import org.alisw.runbooks.host.KnownHosts;
import org.alisw.runbooks.mesos.MesosClusterClient;
import org.alisw.runbooks.mesos.MesosProperties;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman;
import org.alisw.runbooks.sandbox.mesos.SimulatedMesos;
import org.alisw.runbooks.sandbox.mesos.SimulatedMesos.MasterPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The infrastructure health indicators against the simulators over the wire: UP while they answer,
 * DOWN with a reason when one is stopped or answers errors, never longer than the timeout, and
 * never a credential in the details. (UP in the whole application: OperationsIT.)
 */
class InfrastructureHealthTest {

  private static final String FOREMAN_PASSWORD = "foreman-pw-7Qz9xK2m-never-shown";
  private static final HealthProperties FRESH =
      new HealthProperties(Duration.ofSeconds(15), Duration.ZERO, SimulatedForeman.AGENT_HOSTGROUP);

  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final Faults faults = new Faults();
  private SimulatedDataCentre dc;
  private SimulatedForeman foreman;
  private SimulatedMesos mesos;

  @BeforeEach
  void start() {
    dc = SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
  }

  @AfterEach
  void stop() {
    if (foreman != null) {
      foreman.close();
    }
    if (mesos != null) {
      mesos.close();
    }
    executor.shutdownNow();
  }

  @Test
  void foremanIsUpWhileItAnswersAndDownOnceItsServerStops() throws IOException {
    ForemanHealth health = new ForemanHealth(executor, FRESH, Clock.systemUTC(), foremanClient(FOREMAN_PASSWORD));

    Health up = health.health();
    assertThat(up.getStatus()).as("%s", up).isEqualTo(Status.UP);
    assertThat(up.getDetails()).containsEntry("hostgroup alibuild/mesos/slave", "present");

    foreman.close();
    Health down = health.health();
    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
    assertThat(down.getDetails().get("error").toString()).isNotBlank();
  }

  @Test
  void foremanAnswering503IsDownAndRefusedCredentialsAreNotShown() throws IOException {
    ForemanHealth health = new ForemanHealth(executor, FRESH, Clock.systemUTC(), foremanClient(FOREMAN_PASSWORD));
    faults.inject("foreman.hostgroups.index", new Faults.HttpStatus(503, "Service Unavailable"), 1);

    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.health().getStatus()).as("the fault hit one call only").isEqualTo(Status.UP);

    ForemanHealth wrongPassword =
        new ForemanHealth(executor, FRESH, Clock.systemUTC(), new ForemanClient(foremanProperties("not-" + FOREMAN_PASSWORD)));
    Health refused = wrongPassword.health();
    assertThat(refused.getStatus()).isEqualTo(Status.DOWN);
    assertThat(refused.toString()).doesNotContain(FOREMAN_PASSWORD);
  }

  @Test
  void mesosIsUpWithAQuorumAndDownWhenTwoOfTheThreeMastersStop() throws IOException {
    MesosHealth health = new MesosHealth(executor, FRESH, Clock.systemUTC(), mesosClient());

    Health up = health.health();
    assertThat(up.getStatus()).as("%s", up).isEqualTo(Status.UP);
    assertThat(up.getDetails()).containsEntry("mastersUp", 3L).containsEntry("quorum", 2).containsEntry("leader", "alimesos01");

    dc.server("alimesos02").orElseThrow().stopContainer("mesos-master");
    dc.server("alimesos03").orElseThrow().stopContainer("mesos-master");
    Health down = health.health();
    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
    assertThat(down.getDetails()).containsEntry("mastersUp", 1L).containsKeys("alimesos02", "alimesos03");
  }

  @Test
  void trustedHostKeysThatCannotBeReadAreDown() {
    AtomicInteger reads = new AtomicInteger();
    KnownHostsHealth readable = new KnownHostsHealth(executor, FRESH, Clock.systemUTC(), knownHosts(() -> {
      reads.incrementAndGet();
      return 12;
    }));
    assertThat(readable.health().getDetails()).containsEntry("trustedKeys", 12);

    KnownHostsHealth unreadable = new KnownHostsHealth(executor, FRESH, Clock.systemUTC(), knownHosts(() -> {
      throw new IllegalStateException("cannot read the known_hosts file /etc/infra-runbooks/known_hosts");
    }));
    Health down = unreadable.health();
    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
    assertThat(down.getDetails().get("error").toString()).contains("cannot read the known_hosts file");
  }

  @Test
  void aSystemThatHangsIsDownAfterTheTimeoutAndItsLateAnswerServesTheNextRequest() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger looks = new AtomicInteger();
    HealthProperties bounded = new HealthProperties(Duration.ofMillis(200), Duration.ofMinutes(1), "x");
    KnownHostsHealth health = new KnownHostsHealth(executor, bounded, Clock.systemUTC(), knownHosts(() -> {
      looks.incrementAndGet();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 3;
    }));

    long began = System.nanoTime();
    Health hanging = health.health();
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(2));
    assertThat(hanging.getStatus()).isEqualTo(Status.DOWN);
    assertThat(hanging.getDetails()).containsEntry("error", "no answer within PT0.2S");
    assertThat(health.health().getStatus()).as("still the same look, not a second one").isEqualTo(Status.DOWN);

    release.countDown();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> health.health().getStatus().equals(Status.UP));
    assertThat(looks).hasValue(1);
  }

  @Test
  void anAnswerIsReusedUntilItsTimeToLiveIsOver() {
    java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-12-03T10:00:00Z"));
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        return now.get();
      }
    };
    AtomicInteger looks = new AtomicInteger();
    HealthProperties cached = new HealthProperties(Duration.ofSeconds(3), Duration.ofSeconds(30), "x");
    KnownHostsHealth health = new KnownHostsHealth(executor, cached, clock, knownHosts(looks::incrementAndGet));

    health.health();
    now.set(now.get().plusSeconds(29));
    health.health();
    assertThat(looks).hasValue(1);
    now.set(now.get().plusSeconds(2));
    assertThat(health.health().getDetails()).containsEntry("trustedKeys", 2);
  }

  private ForemanClient foremanClient(String password) throws IOException {
    foreman = new SimulatedForeman(dc, faults, 0, "cern.ch", "runbooks", FOREMAN_PASSWORD).start();
    return new ForemanClient(foremanProperties(password));
  }

  private ForemanProperties foremanProperties(String password) {
    ForemanProperties p = new ForemanProperties();
    p.setUrl(URI.create("http://127.0.0.1:" + foreman.port()));
    p.setAllowInsecureUrl(p.getUrl().toString());
    p.setDomain("cern.ch");
    p.setUsername("runbooks");
    p.setPassword(password);
    p.setRequestTimeout(Duration.ofSeconds(10));
    return p;
  }

  private MesosClusterClient mesosClient() throws IOException {
    List<MasterPorts> ports = new ArrayList<>();
    for (String name : List.of("alimesos01", "alimesos02", "alimesos03")) {
      ports.add(new MasterPorts(name, 0, 0, 0));
    }
    mesos = new SimulatedMesos(dc, faults, ports).start();
    MesosProperties properties = new MesosProperties();
    for (MasterPorts p : mesos.masters()) {
      MesosProperties.Master m = new MesosProperties.Master();
      m.setName(p.name());
      m.setMesosUrl(URI.create("http://127.0.0.1:" + p.mesosPort()));
      m.setMarathonUrl(URI.create("http://127.0.0.1:" + p.marathonPort()));
      m.setZookeeper("127.0.0.1:" + p.zookeeperPort());
      properties.getMasters().add(m);
    }
    properties.setRequestTimeout(Duration.ofSeconds(2));
    return new MesosClusterClient(properties);
  }

  private static KnownHosts knownHosts(java.util.function.IntSupplier count) {
    return new KnownHosts() {
      @Override
      public HostKeyCheck checkHostKey(String host) {
        throw new AssertionError("a health check connects to no host");
      }

      @Override
      public HostKeyReplacement replaceHostKey(String host, String expectedFingerprint, org.alisw.runbooks.host.HostKeyTrust trust) {
        throw new AssertionError("a health check changes nothing");
      }

      @Override
      public int trustedKeyCount() {
        return count.getAsInt();
      }
    };
  }
}
