package org.alisw.runbooks.certmgr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.certmgr.SimulatedCertmgr;
import org.alisw.runbooks.sandbox.certmgr.SimulatedCertmgr.ReceivedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The Certmgr adapter over the wire against the simulated Certmgr. */
@ExtendWith(OutputCaptureExtension.class)
class CertmgrClientTest {

  private static final String USER = "runbooks";
  private static final String PASSWORD = "certmgr-s3cret-never-printed";
  private static final String TOKEN = "certmgr-tok-5Rq8Zp1Lx-never-printed";

  private final ObjectMapper json = new ObjectMapper();
  private SimulatedDataCentre dc;
  private Faults faults;
  private SimulatedCertmgr certmgr;
  private CertmgrClient client;

  @BeforeEach
  void start() {
    dc = SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    faults = new Faults();
    certmgr = new SimulatedCertmgr(dc, faults, 0, USER, PASSWORD).start();
    client = new CertmgrClient(properties(USER, PASSWORD, null, "cern.ch", Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    certmgr.close();
  }

  private CertmgrProperties properties(String user, String password, String token, String domain, Duration timeout) {
    CertmgrProperties p = new CertmgrProperties();
    p.setUrl(URI.create("http://127.0.0.1:" + certmgr.port()));
    p.setAllowInsecureUrl(p.getUrl().toString());
    p.setDomain(domain);
    p.setUsername(user);
    p.setPassword(password);
    p.setToken(token);
    p.setRequestTimeout(timeout);
    return p;
  }

  @Test
  void stagesTheFullyQualifiedHostWithOnePostAsAiBsDoes() throws Exception {
    StagedCertificate staged = client.stage("alibuild13");

    assertThat(staged.hostname()).isEqualTo("alibuild13.cern.ch");
    assertThat(staged.requestor()).isEqualTo(USER);
    assertThat(staged.id()).isPositive();
    assertThat(staged.end()).isNotBlank();
    List<ReceivedRequest> requests = certmgr.requests();
    assertThat(requests).extracting(ReceivedRequest::method, ReceivedRequest::path, ReceivedRequest::query)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GET", "/krb/certmgr/staged/", "hostname=alibuild13.cern.ch"),
            org.assertj.core.groups.Tuple.tuple("POST", "/krb/certmgr/staged/", null));
    ReceivedRequest post = requests.get(1);
    assertThat(json.readTree(post.body())).isEqualTo(json.readTree("{\"hostname\": \"alibuild13.cern.ch\"}"));
    assertThat(post.headers()).containsEntry("content-type", "application/json")
        .containsEntry("authorization", basic(USER, PASSWORD));
    assertThat(dc.certificateStagings().of("alibuild13.cern.ch")).hasSize(1);
  }

  @Test
  void stagingAHostAlreadyStagedReturnsThatStagingWithoutPostingAgain() {
    StagedCertificate first = client.stage("alibuild13");

    StagedCertificate again = client.stage("alibuild13.cern.ch");

    assertThat(again).isEqualTo(first);
    assertThat(certmgr.requests()).filteredOn(r -> r.method().equals("POST")).hasSize(1);
    assertThat(dc.certificateStagings().of("alibuild13.cern.ch")).hasSize(1);
  }

  @Test
  void anExpiredStagingIsNotReusedButReplaced() {
    dc.certificateStagings().stage("alibuild13.cern.ch", "someone", dc.now().minus(Duration.ofDays(2)));

    StagedCertificate staged = client.stage("alibuild13");

    assertThat(staged.requestor()).isEqualTo(USER);
    assertThat(dc.certificateStagings().of("alibuild13.cern.ch")).hasSize(2);
  }

  @Test
  void listsOnlyThatHostsStagingsAcrossPages() {
    for (int i = 0; i < 23; i++) {
      dc.certificateStagings().stage("alibuild13.cern.ch", "ai-bs", dc.now());
    }
    dc.certificateStagings().stage("alibuild14.cern.ch", "ai-bs", dc.now());

    List<StagedCertificate> staged = client.staged("alibuild13");

    assertThat(staged).hasSize(23).allMatch(s -> s.hostname().equals("alibuild13.cern.ch"));
    assertThat(certmgr.requests()).extracting(ReceivedRequest::query)
        .containsExactly("hostname=alibuild13.cern.ch", "hostname=alibuild13.cern.ch&limit=20&offset=20");
  }

  @Test
  void unstagesByIdAndTreatsAStagingAlreadyGoneAsDone() {
    StagedCertificate staged = client.stage("alibuild13");

    assertThat(client.unstage(staged.id())).isTrue();
    assertThat(client.unstage(staged.id())).isFalse();

    assertThat(certmgr.requests()).filteredOn(r -> r.method().equals("DELETE"))
        .extracting(ReceivedRequest::path)
        .containsExactly("/krb/certmgr/staged/" + staged.id() + "/", "/krb/certmgr/staged/" + staged.id() + "/");
    assertThat(client.staged("alibuild13")).isEmpty();
  }

  @Test
  void refusesWhenCertmgrForbidsTheStagingInsteadOfBootingAVmThatNeverGetsACertificate() {
    faults.inject("certmgr.staged.create", new Faults.HttpStatus(403, "Not authorized"), 1);

    assertThatThrownBy(() -> client.stage("alibuild13"))
        .isInstanceOfSatisfying(CertmgrRefusedException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("Certmgr refused to stage alibuild13.cern.ch (HTTP 403: Not authorized)")
        .hasMessageContaining("may not do this in Certmgr")
        .hasMessageContaining("never gets a Puppet certificate");
    assertThat(dc.certificateStagings().all()).isEmpty();
  }

  @Test
  void refusesWrongCredentialsNamingWhatToCheckButNotTheSecret(CapturedOutput output) {
    CertmgrClient wrong = new CertmgrClient(properties(USER, "not-the-password", null, "cern.ch", Duration.ofSeconds(5)));

    assertThatThrownBy(() -> wrong.stage("alibuild13"))
        .isInstanceOfSatisfying(CertmgrRefusedException.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessageContaining("CERTMGR_PASSWORD")
        .hasMessageNotContaining("not-the-password");
    assertThat(output).contains("Certmgr refused").doesNotContain("not-the-password");
  }

  @Test
  void credentialsAreNotSentOverPlainHttpUnlessThatUrlIsAllowed() {
    CertmgrProperties p = properties(null, null, TOKEN, "cern.ch", Duration.ofSeconds(5));
    p.setAllowInsecureUrl(null);
    assertThatThrownBy(() -> new CertmgrClient(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing to send Certmgr credentials to http://127.0.0.1:")
        .hasMessageContaining("runbooks.certmgr.allow-insecure-url")
        .hasMessageNotContaining(TOKEN);
    assertThat(certmgr.requests()).as("nothing was sent").isEmpty();

    p.setAllowInsecureUrl("http://127.0.0.1:" + certmgr.port() + "/");
    assertThatThrownBy(() -> new CertmgrClient(p)).isInstanceOf(IllegalArgumentException.class);

    p.setAllowInsecureUrl("http://127.0.0.1:" + certmgr.port());
    p.setToken(null);
    p.setUsername(USER);
    p.setPassword(PASSWORD);
    assertThat(new CertmgrClient(p).staged("alibuild01")).isEmpty();
  }

  @Test
  void refusesAHostNameCertmgrRejectsWithCertmgrsOwnReason() {
    CertmgrClient noDomain = new CertmgrClient(properties(USER, PASSWORD, null, null, Duration.ofSeconds(5)));

    assertThatThrownBy(() -> noDomain.stage("alibuild13"))
        .isInstanceOfSatisfying(CertmgrRefusedException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("hostname: Enter a fully qualified host name");
  }

  @Test
  void serverErrorMeansUnavailableTryAgain() {
    faults.inject("certmgr.staged.create", new Faults.HttpStatus(503, "Service Unavailable"), 1);

    assertThatThrownBy(() -> client.stage("alibuild13"))
        .isInstanceOfSatisfying(CertmgrUnavailableException.class, e -> assertThat(e.status()).isEqualTo(503))
        .hasMessageContaining("try again later");
  }

  @Test
  void aCertmgrThatStallsMidAnswerIsUnavailableAfterTheRequestTimeout() {
    CertmgrClient impatient = new CertmgrClient(properties(USER, PASSWORD, null, "cern.ch", Duration.ofMillis(500)));
    faults.inject("certmgr.staged.list", new Faults.StallBody(Duration.ofSeconds(5)), 1);

    assertThatThrownBy(() -> impatient.staged("alibuild13"))
        .isInstanceOfSatisfying(CertmgrUnavailableException.class, e -> assertThat(e.status()).isZero())
        .hasMessageContaining("did not answer");
  }

  @Test
  void aDroppedConnectionIsUnavailable() {
    faults.inject("certmgr.staged.delete", new Faults.Drop(), 1);

    assertThatThrownBy(() -> client.unstage(4711)).isInstanceOf(CertmgrUnavailableException.class);
  }

  @Test
  void tokenWithoutUserIsSentAsBearerAndNeverLogged(CapturedOutput output) {
    certmgr.close();
    certmgr = new SimulatedCertmgr(dc, faults, 0, null, TOKEN).start();
    CertmgrClient withToken = new CertmgrClient(properties(null, null, TOKEN, "cern.ch", Duration.ofSeconds(5)));

    withToken.stage("alibuild13");

    assertThat(certmgr.requests()).allMatch(r -> ("Bearer " + TOKEN).equals(r.headers().get("authorization")));
    assertThat(output).contains("Staged alibuild13.cern.ch in Certmgr").doesNotContain(TOKEN);
    assertThat(properties(null, null, TOKEN, "cern.ch", Duration.ofSeconds(5)).toString()).doesNotContain(TOKEN);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
