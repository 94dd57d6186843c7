package org.alisw.runbooks.foreman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.alisw.runbooks.foreman.ConfigReport.ReportLog;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman.ReceivedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The Foreman adapter over the wire against the simulated Foreman. */
@ExtendWith(OutputCaptureExtension.class)
class ForemanClientTest {

  private static final String USER = "runbooks";
  private static final String PASSWORD = "s3cret-for-tests";
  /** Distinctive, so that finding it anywhere is a leak and not a coincidence. */
  private static final String TOKEN = "pat-7Qz9xK2mVw4Lr8Ns-never-printed";

  private final ObjectMapper json = new ObjectMapper();
  private SimulatedDataCentre dc;
  private Faults faults;
  private SimulatedForeman foreman;
  private ForemanClient client;

  @BeforeEach
  void start() throws IOException {
    dc = SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    faults = new Faults();
    foreman = new SimulatedForeman(dc, faults, 0, "cern.ch", USER, PASSWORD).start();
    client = new ForemanClient(properties(USER, PASSWORD, null));
  }

  @AfterEach
  void stop() {
    if (foreman != null) {
      foreman.close();
    }
  }

  private ForemanProperties properties(String user, String password, String token) {
    ForemanProperties p = new ForemanProperties();
    p.setUrl(URI.create("http://127.0.0.1:" + foreman.port()));
    p.setAllowInsecureUrl(p.getUrl().toString());
    p.setDomain("cern.ch");
    p.setUsername(user);
    p.setPassword(password);
    p.setToken(token);
    p.setRequestTimeout(Duration.ofSeconds(5));
    return p;
  }

  @Test
  void registersAnUnmanagedHostOwnedByTheServiceAccountAsAiBsDoes() throws IOException {
    ForemanHost host =
        client.register("alibuild13", ConfigManagementPort.AGENT_HOSTGROUP, "alibuild_devel");

    assertThat(host.name()).isEqualTo("alibuild13.cern.ch");
    assertThat(host.hostgroup()).isEqualTo("alibuild/mesos/slave");
    assertThat(host.environment()).isEqualTo("alibuild_devel");
    assertThat(client.host("alibuild13")).contains(host);
    assertThat(calls())
        .startsWith(
            "GET /api/v2/hosts/alibuild13.cern.ch",
            "GET /api/v2/environments search=name=\"alibuild_devel\"",
            "GET /api/v2/hostgroups search=label=\"alibuild/mesos/slave\"",
            "GET /api/v2/users search=login=\"runbooks\"",
            "POST /api/v2/hosts");
    ReceivedRequest post = foreman.requests().get(4);
    assertThat(json.readTree(post.body()))
        .isEqualTo(
            json.readTree(
                "{\"host\": {\"name\": \"alibuild13.cern.ch\", \"managed\": false, \"environment_id\": 2,"
                    + " \"hostgroup_id\": 4, \"owner_type\": \"User\", \"owner_id\": 2}}"));
    assertThat(post.headers()).containsEntry("content-type", "application/json");
    assertThat(post.headers().get("accept")).contains("version=2");
    assertThat(foreman.requests())
        .allSatisfy(r -> assertThat(r.headers()).containsEntry("authorization", basic(USER, PASSWORD)));
    assertThat(foreman.host("alibuild13").orElseThrow().managed()).isFalse();
  }

  @Test
  void theConfiguredOwnerOwnsTheHost() throws IOException {
    ForemanProperties p = properties(USER, PASSWORD, null);
    p.setOwner("admin");

    new ForemanClient(p).register("alibuild13", ConfigManagementPort.AGENT_HOSTGROUP, "production");

    assertThat(calls()).contains("GET /api/v2/users search=login=\"admin\"");
    assertThat(foreman.host("alibuild13").orElseThrow().ownerId()).isEqualTo(1);
  }

  @Test
  void registeringAgainAdoptsTheHostButNotWithAnotherEnvironment() {
    client.register("alibuild13", ConfigManagementPort.AGENT_HOSTGROUP, "production");
    foreman.clearRequests();

    client.register("alibuild13.cern.ch", ConfigManagementPort.AGENT_HOSTGROUP, "production");
    assertThat(calls()).containsExactly("GET /api/v2/hosts/alibuild13.cern.ch");

    assertThatThrownBy(() -> client.register("alibuild13", ConfigManagementPort.AGENT_HOSTGROUP, "qa"))
        .isInstanceOf(ForemanException.class)
        .hasMessageContaining("already registered");
    assertThat(calls()).noneMatch(c -> c.startsWith("POST"));
  }

  /**
   * The runbook's marker goes into Foreman's {@code comment}; registering again adopts only a host
   * that carries the same marker (a retry after a job that died once Foreman accepted the host).
   */
  @Test
  void aMarkedRegistrationSendsTheCommentAndAdoptsOnlyAHostCarryingIt() throws IOException {
    ForemanHost host =
        client.register("alibuild13", ConfigManagementPort.AGENT_HOSTGROUP, "production", "runbook-instance-id=pi-1");

    assertThat(host.comment()).isEqualTo("runbook-instance-id=pi-1");
    ReceivedRequest post = foreman.requests().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
    assertThat(json.readTree(post.body()).path("host").path("comment").asText()).isEqualTo("runbook-instance-id=pi-1");
    assertThat(foreman.host("alibuild13").orElseThrow().comment()).isEqualTo("runbook-instance-id=pi-1");
    assertThat(client.host("alibuild13").orElseThrow().comment()).isEqualTo("runbook-instance-id=pi-1");
    foreman.clearRequests();

    assertThat(client.register("alibuild13", ConfigManagementPort.AGENT_HOSTGROUP, "production", "runbook-instance-id=pi-1").id())
        .isEqualTo(host.id());
    assertThatThrownBy(() -> client.register("alibuild13", ConfigManagementPort.AGENT_HOSTGROUP, "production", "runbook-instance-id=pi-2"))
        .isInstanceOf(ForemanException.class)
        .hasMessageContaining("not by this runbook")
        .satisfies(e -> assertThat(((ForemanException) e).status()).isEqualTo(409));
    assertThat(calls()).noneMatch(c -> c.startsWith("POST"));
  }

  @Test
  void anUnknownHostgroupIsRefusedNamingTheLookup() {
    assertThatThrownBy(() -> client.register("alibuild14", "alibuild/nope", "production"))
        .isInstanceOf(ForemanException.class)
        .hasMessageContaining("GET /hostgroups?search=label=\"alibuild/nope\" found 0 results, expected exactly one")
        .hasMessageContaining("hostgroup alibuild/nope does not exist");
    assertThat(calls()).noneMatch(c -> c.startsWith("POST"));
  }

  @Test
  void anUnknownEnvironmentOrOwnerIsRefusedNamingTheLookup() {
    ForemanProperties p = properties(USER, PASSWORD, null);
    p.setOwner("nobody");

    assertThatThrownBy(() -> client.register("alibuild14", ConfigManagementPort.AGENT_HOSTGROUP, "staging"))
        .isInstanceOf(ForemanException.class)
        .hasMessageContaining("GET /environments?search=name=\"staging\" found 0 results");
    assertThatThrownBy(() -> new ForemanClient(p).register("alibuild14", ConfigManagementPort.AGENT_HOSTGROUP, "production"))
        .isInstanceOf(ForemanException.class)
        .hasMessageContaining("GET /users?search=login=\"nobody\" found 0 results")
        .hasMessageContaining("owner nobody does not exist");
    assertThat(calls()).noneMatch(c -> c.startsWith("POST"));
  }

  @Test
  void aRefusedRegistrationCarriesForemansFullMessages() {
    // Someone registered the name between our look and our POST.
    client.register("alibuild15", ConfigManagementPort.AGENT_HOSTGROUP, "production");
    faults.inject("foreman.hosts.show", new Faults.HttpStatus(404, "Resource host not found"), 1);

    assertThatThrownBy(() -> client.register("alibuild15", ConfigManagementPort.AGENT_HOSTGROUP, "production"))
        .isInstanceOfSatisfying(ForemanException.class, e -> assertThat(e.status()).isEqualTo(422))
        .hasMessageContaining("Name has already been taken");
  }

  @Test
  void deletesAHost() {
    assertThat(client.delete("alibuild05")).isTrue();
    assertThat(client.host("alibuild05")).isEmpty();
    assertThat(calls())
        .containsExactly("DELETE /api/v2/hosts/alibuild05.cern.ch", "GET /api/v2/hosts/alibuild05.cern.ch");
  }

  @Test
  void deletingAHostAlreadyGoneIsDone() {
    client.delete("alibuild05");
    foreman.clearRequests();

    assertThat(client.delete("alibuild05")).isFalse();
    assertThat(client.delete("alibuild99")).isFalse();
    assertThat(calls())
        .containsExactly("DELETE /api/v2/hosts/alibuild05.cern.ch", "DELETE /api/v2/hosts/alibuild99.cern.ch");
  }

  @Test
  void aRebuildOnlyChecksThatForemanKnowsTheHost() {
    assertThat(client.requireHost("alibuild07").name()).isEqualTo("alibuild07.cern.ch");
    assertThatThrownBy(() -> client.requireHost("alibuild99"))
        .isInstanceOfSatisfying(ForemanException.class, e -> assertThat(e.status()).isEqualTo(404))
        .hasMessage("Foreman does not know alibuild99.cern.ch: VM not rebuilt");
    assertThat(calls())
        .containsExactly("GET /api/v2/hosts/alibuild07.cern.ch", "GET /api/v2/hosts/alibuild99.cern.ch");
  }

  @Test
  void credentialsAreNotSentOverPlainHttpUnlessThatUrlIsAllowed() {
    ForemanProperties p = properties(USER, PASSWORD, null);
    p.setAllowInsecureUrl(null);
    assertThatThrownBy(() -> new ForemanClient(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing to send Foreman credentials to http://127.0.0.1:")
        .hasMessageNotContaining(PASSWORD);

    p.setAllowInsecureUrl("http://127.0.0.1:" + foreman.port() + "/");
    assertThatThrownBy(() -> new ForemanClient(p)).isInstanceOf(IllegalArgumentException.class);

    p.setAllowInsecureUrl("http://127.0.0.1:" + foreman.port());
    assertThat(new ForemanClient(p).host("alibuild01")).isPresent();
  }

  @Test
  void surfacesPuppetErrorsWithTheFailingResourcesMessages() {
    SimulatedServer agent = dc.server("alibuild07").orElseThrow();
    agent.failNextPuppetRuns(1);
    assertThat(agent.nextPuppetRunFails()).isTrue(); // what the SSH simulator does on "puppet agent -t"

    ConfigReport report = client.lastReport("alibuild07").orElseThrow();

    assertThat(report.hostName()).isEqualTo("alibuild07.cern.ch");
    assertThat(report.hasFailures()).isTrue();
    assertThat(report.failed()).isEqualTo(2);
    assertThat(report.failedRestarts()).isZero();
    assertThat(report.skipped()).isEqualTo(1);
    assertThat(report.failures())
        .extracting(ReportLog::source)
        .containsExactly(
            "/Stage[main]/Hg_alibuild::Mesos::Slave/Package[mesos]/ensure",
            "/Stage[main]/Hg_alibuild::Mesos::Slave/File[/etc/mesos-slave/attributes/zone]/content");
    assertThat(report.failures().get(0).message()).contains("Unable to find a match: mesos-1.11.0");
    assertThat(report.failures().get(1).message()).contains("No space left on device");
    assertThat(report.logs()).extracting(ReportLog::level).contains("warning", "notice");

    assertThat(client.configurationStatus("alibuild07").isError()).isTrue();
    assertThat(client.host("alibuild07").orElseThrow().configurationStatus()).isEqualTo("Error");
    assertThat(client.host("alibuild07").orElseThrow().globalStatus()).isEqualTo("Error");
    assertThat(calls())
        .startsWith(
            "GET /api/v2/hosts/alibuild07.cern.ch/config_reports/last",
            "GET /api/v2/hosts/alibuild07.cern.ch/status/configuration");

    // The next puppet run succeeds: a new, clean report.
    assertThat(agent.nextPuppetRunFails()).isFalse();
    ConfigReport clean = client.lastReport("alibuild07").orElseThrow();
    assertThat(clean.id()).isNotEqualTo(report.id());
    assertThat(clean.hasFailures()).isFalse();
    assertThat(clean.failures()).isEmpty();
    assertThat(client.configurationStatus("alibuild07").label()).isEqualTo("No changes");
  }

  @Test
  void aFailingMasterReportsAFailedRestart() {
    SimulatedServer master = dc.server("alimesos02").orElseThrow();
    master.failNextPuppetRuns(1);
    master.nextPuppetRunFails();

    ConfigReport report = client.lastReport("alimesos02").orElseThrow();

    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.failedRestarts()).isEqualTo(1);
    assertThat(report.failures())
        .extracting(ReportLog::message)
        .anyMatch(m -> m.contains("Systemd restart for docker-mesos-master failed"));
  }

  @Test
  void aSeededHostHasACleanReportAndANewHostHasNone() {
    assertThat(client.lastReport("alibuild01").orElseThrow().hasFailures()).isFalse();
    assertThat(client.configurationStatus("alibuild01").label()).isEqualTo("No changes");

    client.register("alibuild20", ConfigManagementPort.AGENT_HOSTGROUP, "production");
    assertThat(client.lastReport("alibuild20")).isEmpty();
    assertThat(client.configurationStatus("alibuild20").label()).isEqualTo("No reports");
  }

  @Test
  void wrongCredentialsAreRefused() {
    ForemanClient wrong = new ForemanClient(properties(USER, "not-the-password", null));

    assertThatThrownBy(() -> wrong.host("alibuild01"))
        .isInstanceOf(ForemanException.class)
        .hasMessageContaining("401")
        .hasMessageNotContaining("not-the-password");
  }

  @Test
  void aPersonalAccessTokenIsSentWithTheUser() {
    ForemanClient withToken = new ForemanClient(properties(USER, "ignored-password", PASSWORD));

    assertThat(withToken.host("alibuild01")).isPresent();
    assertThat(foreman.requests().get(0).headers()).containsEntry("authorization", basic(USER, PASSWORD));
  }

  @Test
  void aTokenWithoutUserIsABearerToken() throws IOException {
    foreman.close();
    foreman = new SimulatedForeman(dc, faults, 0, "cern.ch", null, "jwt-token").start();
    ForemanClient bearer = new ForemanClient(properties(null, null, "jwt-token"));

    assertThat(bearer.host("alibuild01")).isPresent();
    assertThat(foreman.requests().get(0).headers()).containsEntry("authorization", "Bearer jwt-token");
  }

  @Test
  void foremanErrorsCarryItsMessage() {
    faults.inject("foreman.hosts.show", new Faults.HttpStatus(500, "PG::ConnectionBad"), 1);

    assertThatThrownBy(() -> client.host("alibuild01"))
        .isInstanceOf(ForemanException.class)
        .hasMessageContaining("500")
        .hasMessageContaining("PG::ConnectionBad");
    assertThat(client.host("alibuild01")).isPresent();
  }

  @Test
  void aSlowForemanTimesOut() {
    ForemanProperties impatient = properties(USER, PASSWORD, null);
    impatient.setRequestTimeout(Duration.ofMillis(300));
    faults.inject("foreman.config_reports.last", new Faults.Latency(Duration.ofSeconds(2)), 1);

    assertThatThrownBy(() -> new ForemanClient(impatient).lastReport("alibuild01"))
        .isInstanceOf(ForemanException.class)
        .hasMessageContaining("did not answer")
        .satisfies(e -> assertThat(((ForemanException) e).status()).isZero());
  }

  @Test
  void aForemanThatStallsAfterTheHeadersTimesOut() {
    ForemanProperties impatient = properties(USER, PASSWORD, null);
    impatient.setRequestTimeout(Duration.ofMillis(300));
    faults.inject("foreman.config_reports.last", new Faults.StallBody(Duration.ofSeconds(30)), 1);
    ForemanClient client = new ForemanClient(impatient);

    // Without a bound on the body the call would wait the whole stall.
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> client.lastReport("alibuild01"))
                .isInstanceOf(ForemanException.class)
                .hasMessageContaining("did not answer GET /hosts/alibuild01.cern.ch/config_reports/last")
                .hasMessageContaining("timed out")
                .satisfies(e -> assertThat(((ForemanException) e).status()).isZero()));
    assertThat(calls()).containsExactly("GET /api/v2/hosts/alibuild01.cern.ch/config_reports/last");
    assertThat(client.lastReport("alibuild01")).isPresent();
  }

  @Test
  void secretsStayOutOfPropertiesLogsAndErrors(CapturedOutput output) throws IOException {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();
    root.setLevel(Level.DEBUG);
    try {
      ForemanProperties withToken = properties(USER, null, TOKEN);
      assertThat(withToken.toString()).doesNotContain(TOKEN).contains("token=***");
      assertThat(properties(USER, PASSWORD, null).toString()).doesNotContain(PASSWORD).contains("password=***");

      // The token is refused (the simulator wants the password), then accepted as a Bearer token.
      assertThatThrownBy(() -> new ForemanClient(withToken).register("alibuild20", ConfigManagementPort.AGENT_HOSTGROUP, "production"))
          .isInstanceOf(ForemanException.class)
          .hasMessageContaining("401")
          .hasMessageNotContaining(TOKEN);
      foreman.close();
      foreman = new SimulatedForeman(dc, faults, 0, "cern.ch", null, TOKEN).start();
      ForemanProperties bearerProperties = properties(null, null, TOKEN);
      bearerProperties.setOwner("admin");
      ForemanClient bearer = new ForemanClient(bearerProperties);
      bearer.register("alibuild20", ConfigManagementPort.AGENT_HOSTGROUP, "production");
      faults.inject("foreman.hosts.destroy", new Faults.HttpStatus(500, "PG::ConnectionBad"), 1);
      assertThatThrownBy(() -> bearer.delete("alibuild20"))
          .isInstanceOf(ForemanException.class)
          .hasMessageNotContaining(TOKEN);
    } finally {
      root.setLevel(level);
    }

    // The token did travel, and the adapter logged its work at INFO: only the secret is missing.
    assertThat(foreman.requests().get(0).headers()).containsEntry("authorization", "Bearer " + TOKEN);
    assertThat(output.getAll()).contains("Registered alibuild20.cern.ch in Foreman").doesNotContain(TOKEN);
  }

  @Test
  void theDataCentreDecidesWhichHostsForemanKnows() {
    dc.add("alibuild21", SimulatedServer.Role.AGENT, SimulatedDataCentre.ZONES.get(0), "release-testing", "BUILD");
    assertThat(client.host("alibuild21").orElseThrow().hostgroup()).isEqualTo("alibuild/mesos/slave");
    assertThat(client.host("alimesos01").orElseThrow().hostgroup()).isEqualTo("alibuild/mesos/master");
    dc.delete("alibuild21");
    assertThat(client.host("alibuild21")).isEmpty();
  }

  private List<String> calls() {
    return foreman.requests().stream()
        .map(r -> r.method() + " " + r.path() + (r.query() == null ? "" : " " + decodedSearch(r.query())))
        .toList();
  }

  private static String decodedSearch(String query) {
    for (String pair : query.split("&")) {
      if (pair.startsWith("search=")) {
        return "search=" + java.net.URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
      }
    }
    return query;
  }

  private static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }
}
