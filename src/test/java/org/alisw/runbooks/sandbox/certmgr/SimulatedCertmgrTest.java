package org.alisw.runbooks.sandbox.certmgr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated Certmgr's own answers, with a plain HTTP client. */
class SimulatedCertmgrTest {

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final SimulatedDataCentre dc =
      SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
  private final Faults faults = new Faults();
  private final SimulatedCertmgr certmgr = new SimulatedCertmgr(dc, faults, 0, "runbooks", "pw").start();

  @Test
  void aFaultScopedToOneHostHitsOnlyTheCallsAboutThatHost() throws Exception {
    long other = dc.certificateStagings().stage("alibuild14.cern.ch", "ai-bs", dc.now()).id();
    long mine = dc.certificateStagings().stage("alibuild13.cern.ch", "ai-bs", dc.now()).id();
    for (String operation : new String[] {"certmgr.staged.create", "certmgr.staged.list", "certmgr.staged.show", "certmgr.staged.delete"}) {
      faults.failUntilCleared(Faults.scoped(operation, "alibuild13"), new Faults.HttpStatus(503, "Service Unavailable"));
    }

    assertThat(send("POST", "/krb/certmgr/staged/", "{\"hostname\": \"alibuild13.cern.ch\"}", true).statusCode()).isEqualTo(503);
    assertThat(send("GET", "/krb/certmgr/staged/?hostname=alibuild13.cern.ch", null, true).statusCode()).isEqualTo(503);
    assertThat(send("GET", "/krb/certmgr/staged/" + mine + "/", null, true).statusCode()).isEqualTo(503);
    assertThat(send("DELETE", "/krb/certmgr/staged/" + mine + "/", null, true).statusCode()).isEqualTo(503);
    assertThat(send("POST", "/krb/certmgr/staged/", "{\"hostname\": \"alibuild14.cern.ch\"}", true).statusCode()).isEqualTo(201);
    assertThat(send("GET", "/krb/certmgr/staged/" + other + "/", null, true).statusCode()).isEqualTo(200);
    assertThat(dc.certificateStagings().of("alibuild13.cern.ch")).hasSize(1);

    faults.clear(Faults.scoped("certmgr.staged.create", "alibuild13"));
    assertThat(send("POST", "/krb/certmgr/staged/", "{\"hostname\": \"alibuild13.cern.ch\"}", true).statusCode()).isEqualTo(201);
  }

  @Test
  void sideEffectsCountStagingsCreatedAndRemovedNotTheFailedCalls() throws Exception {
    faults.inject("certmgr.staged.create", new Faults.HttpStatus(503, "Service Unavailable"), 1);
    String body = "{\"hostname\": \"alibuild13.cern.ch\"}";

    assertThat(send("POST", "/krb/certmgr/staged/", body, true).statusCode()).isEqualTo(503);
    HttpResponse<String> created = send("POST", "/krb/certmgr/staged/", body, true);
    assertThat(send("POST", "/krb/certmgr/staged/", body, false).statusCode()).as("no credentials").isEqualTo(401);
    long id = json.readTree(created.body()).path("id").asLong();
    assertThat(send("DELETE", "/krb/certmgr/staged/" + id + "/", null, true).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", "/krb/certmgr/staged/" + id + "/", null, true).statusCode()).isEqualTo(404);

    assertThat(certmgr.sideEffects().count("certmgr.staged.create", "alibuild13.cern.ch")).isEqualTo(1);
    assertThat(certmgr.sideEffects().count("certmgr.staged.delete", "alibuild13")).isEqualTo(1);
  }

  @AfterEach
  void stop() {
    certmgr.close();
  }

  @Test
  void aStagingIsCreatedWith201AndListedForItsHost() throws Exception {
    HttpResponse<String> created = send("POST", "/krb/certmgr/staged/", "{\"hostname\": \"alibuild13.cern.ch\"}", true);
    HttpResponse<String> list = send("GET", "/krb/certmgr/staged/?hostname=alibuild13.cern.ch", null, true);

    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode staging = json.readTree(created.body());
    assertThat(staging.path("requestor").asText()).isEqualTo("runbooks");
    assertThat(staging.path("start").asText()).isNotBlank();
    assertThat(staging.path("end").asText()).isNotBlank();
    JsonNode page = json.readTree(list.body());
    assertThat(page.path("meta").path("total_count").asInt()).isEqualTo(1);
    assertThat(page.path("objects").get(0).path("id").asLong()).isEqualTo(staging.path("id").asLong());
  }

  @Test
  void aShortHostNameIsRefusedWith400() throws Exception {
    HttpResponse<String> answer = send("POST", "/krb/certmgr/staged/", "{\"hostname\": \"alibuild13\"}", true);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(dc.certificateStagings().all()).isEmpty();
  }

  @Test
  void deleteTakesTheIdWithOrWithoutTrailingSlashAndSays404WhenGone() throws Exception {
    long first = dc.certificateStagings().stage("alibuild13.cern.ch", "ai-bs", dc.now()).id();
    long second = dc.certificateStagings().stage("alibuild14.cern.ch", "ai-bs", dc.now()).id();

    assertThat(send("DELETE", "/krb/certmgr/staged/" + first + "/", null, true).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", "/krb/certmgr/staged/" + second, null, true).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", "/krb/certmgr/staged/" + first + "/", null, true).statusCode()).isEqualTo(404);
  }

  @Test
  void requestsWithoutCredentialsGet401() throws Exception {
    assertThat(send("GET", "/krb/certmgr/staged/", null, false).statusCode()).isEqualTo(401);
  }

  private HttpResponse<String> send(String method, String path, String body, boolean authenticated) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + certmgr.port() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authenticated) {
      request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("runbooks:pw".getBytes()));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
