package org.alisw.runbooks.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.alisw.runbooks.sandbox.SimulatedServer.Role;
import org.alisw.runbooks.sandbox.certmgr.SimulatedCertmgr;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman;
import org.alisw.runbooks.sandbox.host.SimulatedHosts;
import org.alisw.runbooks.sandbox.mesos.SimulatedMesos;
import org.alisw.runbooks.sandbox.openstack.OpenStackSimulator;
import org.alisw.runbooks.sandbox.openstack.SimulatedCinder;
import org.alisw.runbooks.sandbox.openstack.SimulatedKeystone;
import org.alisw.runbooks.sandbox.roger.SimulatedRoger;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox keeps its world across restarts: every simulator's state written through to one JSON
 * snapshot before it answers, and a new sandbox on the same directory sees the same world.
 */
class SandboxWorldTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Stopped unless a test moves it: no transition ends between two sandboxes, so their snapshots compare. */
  private static final MovableClock CLOCK = new MovableClock();

  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-03T06:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @TempDir Path worldDirectory;
  @TempDir Path sshDirectory;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Sandbox running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  /** The sandbox as SandboxConfiguration and the simulators' configurations wire it. */
  private static final class Sandbox implements AutoCloseable {
    final SandboxWorld world;
    final SimulatedDataCentre dc;
    final Faults faults = new Faults();
    final SimulatedHosts hosts;
    final OpenStackSimulator openstack;
    final SimulatedKeystone.User user;
    final SimulatedKeystone.Project project;
    final SimulatedForeman foreman;
    final SimulatedRoger roger;
    final SimulatedCertmgr certmgr;
    final SimulatedMesos mesos;

    Sandbox(Path worldDirectory, Path sshDirectory) throws Exception {
      world = SandboxWorld.open(worldDirectory);
      dc = SimulatedDataCentre.kept(world, CLOCK, SimulationTimings.fast(), "release-testing");
      hosts = SimulatedHosts.start(dc, sshDirectory, "root", faults, world);
      openstack = OpenStackSimulator.start(dc, 0, "cern");
      user = openstack.keystone().addUser("runbooks-sandbox", "pw", "Default");
      project = openstack.keystone().addProject("release-testing", "ALICE Release Testing", "Default");
      world.attach(OpenStackSimulator.WORLD_PART, openstack.worldPart());
      foreman = new SimulatedForeman(dc, faults, 0, "cern.ch", "runbooks", "foreman-pw").start();
      world.attach(SimulatedForeman.WORLD_PART, foreman.worldPart());
      roger = new SimulatedRoger(dc, faults, "cern.ch", 0, "runbooks", "roger-pw").start();
      world.attach(SimulatedRoger.WORLD_PART, roger.worldPart());
      certmgr = new SimulatedCertmgr(dc, faults, 0, "runbooks", "certmgr-pw").start();
      mesos =
          new SimulatedMesos(
                  dc,
                  faults,
                  List.of(
                      new SimulatedMesos.MasterPorts("alimesos01", 0, 0, 0),
                      new SimulatedMesos.MasterPorts("alimesos02", 0, 0, 0),
                      new SimulatedMesos.MasterPorts("alimesos03", 0, 0, 0)))
              .start();
      world.attach(SimulatedMesos.WORLD_PART, mesos.worldPart());
    }

    String token() {
      return openstack.keystone().issueToken(user, project).id();
    }

    @Override
    public void close() {
      mesos.close();
      certmgr.close();
      roger.close();
      foreman.close();
      openstack.close();
      hosts.close();
      world.close();
    }
  }

  private Sandbox start() throws Exception {
    running = new Sandbox(worldDirectory, sshDirectory);
    return running;
  }

  private Sandbox restart() throws Exception {
    running.close();
    running = null;
    return start();
  }

  @Test
  void aNewSandboxOnTheSameDirectorySeesTheSameWorldEveryKindOfState() throws Exception {
    Sandbox first = start();
    // Nova: a new server in BUILD with metadata, a keypair, a volume attached to a seeded agent.
    SimulatedServer created = first.dc.add("alibuild13", Role.AGENT, "cern-geneva-b", "release-testing", "BUILD");
    created.beginTransition("BUILD", Duration.ofMinutes(5), "ACTIVE", CLOCK.instant());
    created.putMetadata(Map.of("runbook-instance", "4711"));
    String publicKey = PublicKeyEntry.toString(generateKey());
    assertThat(novaPost(first, "/compute/v2.1/os-keypairs",
        "{\"keypair\": {\"name\": \"alibuild\", \"public_key\": \"" + publicKey + "\"}}").statusCode()).isEqualTo(200);
    SimulatedCinder.Volume volume = first.openstack.cinder().addVolume("alibuild07-data", 500, "io1", "cern-geneva-a", "release-testing");
    String agent = first.dc.server("alibuild07").orElseThrow().id();
    assertThat(novaPost(first, "/compute/v2.1/servers/" + agent + "/os-volume_attachments",
        "{\"volumeAttachment\": {\"volumeId\": \"" + volume.id() + "\"}}").statusCode()).isEqualTo(200);
    // A rebuild: new generation, new host key, no certificate, puppet failing twice.
    SimulatedServer rebuilt = first.dc.server("alibuild05").orElseThrow();
    rebuilt.rebuild(Duration.ofMinutes(5), CLOCK.instant());
    rebuilt.failNextPuppetRuns(2);
    String rebuiltKey = first.hosts.hostKeyFingerprint("alibuild05");
    String seededKey = first.hosts.hostKeyFingerprint("alibuild07");
    // Certmgr and Roger over HTTP; Mesos: a task, and the leader's mesos-master restarted.
    assertThat(post(first.certmgr.port(), "/krb/certmgr/staged/", "runbooks", "certmgr-pw",
        "{\"hostname\": \"alibuild13.cern.ch\"}").statusCode()).isIn(200, 201);
    assertThat(put(first.roger.port(), "/roger/v1/state/alibuild07.cern.ch/", "runbooks", "roger-pw",
        "{\"appstate\": \"disabled\", \"message\": \"rebuild\"}").statusCode()).isEqualTo(200);
    String task = first.mesos.runTask("alibuild08", SimulatedMesos.JENKINS, "jenkins-build-42");
    first.dc.restartContainer("alimesos01", "mesos-master");
    first.dc.beforeAnswer(); // what a simulator does before it answers
    byte[] before = first.world.serialize();

    Sandbox second = restart();

    assertThat(new String(second.world.serialize(), StandardCharsets.UTF_8))
        .as("every part restores to the state it was saved in")
        .isEqualTo(new String(before, StandardCharsets.UTF_8));
    SimulatedServer again = second.dc.server("alibuild13").orElseThrow();
    assertThat(again.id()).isEqualTo(created.id());
    assertThat(again.status(CLOCK.instant())).isEqualTo("BUILD");
    assertThat(again.metadata()).containsEntry("runbook-instance", "4711");
    assertThat(second.dc.server("alibuild05").orElseThrow().generation()).isEqualTo(1);
    assertThat(second.dc.server("alibuild05").orElseThrow().hasPuppetCertificate(CLOCK.instant())).isFalse();
    assertThat(second.openstack.nova().keypairs(second.user.id())).containsKey("alibuild");
    assertThat(second.openstack.cinder().volume(volume.id()).orElseThrow().serverId()).isEqualTo(agent);
    assertThat(second.openstack.nova().imageOf(created.id())).isEqualTo(first.openstack.nova().imageOf(created.id()));
    assertThat(second.hosts.hostKeyFingerprint("alibuild05")).as("a restarted host presents the same key").isEqualTo(rebuiltKey);
    assertThat(second.hosts.hostKeyFingerprint("alibuild07")).isEqualTo(seededKey);
    assertThat(Files.readString(second.hosts.knownHostsFile())).contains(
        org.apache.sshd.common.config.keys.PublicKeyEntry.toString(second.hosts.hostKey("alibuild07")));
    assertThat(second.foreman.host("alibuild13").orElseThrow().id()).isEqualTo(first.foreman.host("alibuild13").orElseThrow().id());
    assertThat(second.dc.certificateStagings().of("alibuild13.cern.ch")).hasSize(1);
    assertThat(second.roger.state("alibuild07.cern.ch").orElseThrow().appstate()).isEqualTo("disabled");
    assertThat(second.mesos.tasks()).extracting(SimulatedMesos.Task::id).contains(task);
    assertThat(second.mesos.leader()).contains("alimesos02");
  }

  @Test
  void writesThroughBeforeTheSimulatorAnswers() throws Exception {
    Sandbox sandbox = start();
    Path file = worldDirectory.resolve(SandboxWorld.FILE);

    HttpResponse<String> staged = post(sandbox.certmgr.port(), "/krb/certmgr/staged/", "runbooks", "certmgr-pw",
        "{\"hostname\": \"alibuild14.cern.ch\"}");

    assertThat(staged.statusCode()).isIn(200, 201);
    JsonNode stagings = JSON.readTree(file.toFile()).at("/parts/dataCentre/stagings/stagings");
    assertThat(stagings.findValuesAsText("hostname")).containsExactly("alibuild14.cern.ch");
    try (Stream<Path> left = Files.list(worldDirectory)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("the temporary file was moved over the snapshot")
          .containsExactlyInAnyOrder(SandboxWorld.FILE, SandboxWorld.LOCK);
    }
  }

  @Test
  void aFirstStartIsTheSeededDataCentre() throws Exception {
    Sandbox sandbox = start();

    assertThat(sandbox.dc.servers()).hasSize(15);
    assertThat(sandbox.dc.leadingMaster()).contains("alimesos01");
    assertThat(sandbox.world.has(SimulatedDataCentre.WORLD_PART)).isFalse();
  }

  @Test
  void aCorruptSnapshotStopsTheStartNamingTheFileAndHowToReset() throws Exception {
    Files.writeString(worldDirectory.resolve(SandboxWorld.FILE), "{\"version\": 1, \"parts\": {\"dataCentre\": ");

    assertThatThrownBy(() -> SandboxWorld.open(worldDirectory))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(worldDirectory.resolve(SandboxWorld.FILE).toAbsolutePath().toString())
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("delete the folder " + worldDirectory.toAbsolutePath());
  }

  @Test
  void aSnapshotOfAnotherVersionOrShapeIsRefusedToo() throws Exception {
    Path file = worldDirectory.resolve(SandboxWorld.FILE);
    Files.writeString(file, "{\"version\": 99, \"parts\": {}}");
    assertThatThrownBy(() -> SandboxWorld.open(worldDirectory)).hasMessageContaining("version 99");

    Files.writeString(file, "[1, 2]");
    assertThatThrownBy(() -> SandboxWorld.open(worldDirectory)).hasMessageContaining("not a sandbox world snapshot");

    Files.writeString(file, "{\"version\": 1, \"parts\": {\"dataCentre\": {\"servers\": 42}}}");
    try (SandboxWorld world = SandboxWorld.open(worldDirectory)) {
      assertThatThrownBy(() -> SimulatedDataCentre.kept(world, CLOCK, SimulationTimings.fast(), "release-testing"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(file.toAbsolutePath().toString())
          .hasMessageContaining("\"dataCentre\"")
          .hasMessageContaining("delete the folder");
    }
  }

  @Test
  void oneSandboxAtATimeUsesADirectory() {
    try (SandboxWorld world = SandboxWorld.open(worldDirectory)) {
      assertThatThrownBy(() -> SandboxWorld.open(worldDirectory))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Another sandbox is using the world in");
    }
    SandboxWorld.open(worldDirectory).close(); // free again once closed
  }

  @Test
  void aVolumeBeingDetachedEndsDetachedAfterARestart() throws Exception {
    Sandbox first = start();
    SimulatedCinder cinder = first.openstack.cinder();
    cinder.setDetachTime(Duration.ofMinutes(1));
    SimulatedCinder.Volume volume = cinder.addVolume("alibuild07-data", 500, "io1", "cern-geneva-a", "release-testing");
    String agent = first.dc.server("alibuild07").orElseThrow().id();
    novaPost(first, "/compute/v2.1/servers/" + agent + "/os-volume_attachments",
        "{\"volumeAttachment\": {\"volumeId\": \"" + volume.id() + "\"}}");
    HttpResponse<String> detach = http.send(
        HttpRequest.newBuilder(URI.create(first.openstack.baseUrl() + "/compute/v2.1/servers/" + agent
                + "/os-volume_attachments/" + volume.id()))
            .header("X-Auth-Token", first.token()).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(detach.statusCode()).isEqualTo(202);

    Sandbox second = restart();

    SimulatedCinder.Volume kept = second.openstack.cinder().volume(volume.id()).orElseThrow();
    assertThat(kept.status(CLOCK.instant())).isEqualTo("detaching");
    CLOCK.advance(Duration.ofMinutes(2));
    kept = second.openstack.cinder().volume(volume.id()).orElseThrow();
    assertThat(kept.status(CLOCK.instant())).as("the detach the first sandbox began ends").isEqualTo("available");
    assertThat(kept.serverId()).isNull();
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static java.security.PublicKey generateKey() throws Exception {
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
    generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair().getPublic();
  }

  private HttpResponse<String> novaPost(Sandbox sandbox, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(sandbox.openstack.baseUrl() + path))
            .header("X-Auth-Token", sandbox.token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(int port, String path, String user, String password, String body) throws Exception {
    return send(port, path, user, password, "POST", body);
  }

  private HttpResponse<String> put(int port, String path, String user, String password, String body) throws Exception {
    return send(port, path, user, password, "PUT", body);
  }

  private HttpResponse<String> send(int port, String path, String user, String password, String method, String body)
      throws Exception {
    String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aWorldNotKeptStartsFromNothingAndWritesNothing() throws Exception {
    try (SandboxWorld world = SandboxWorld.notKept()) {
      java.util.concurrent.atomic.AtomicInteger snapshots = new java.util.concurrent.atomic.AtomicInteger();
      world.attach("counter", SandboxWorld.part(Integer.class, snapshots::incrementAndGet, v -> {}));
      world.save();
      assertThat(world.has("counter")).isFalse();
      assertThat(snapshots.get()).as("nothing serialized").isZero();
    }
    try (Stream<Path> left = Files.list(worldDirectory)) {
      assertThat(left).isEmpty();
    }
  }
}
