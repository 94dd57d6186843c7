package org.alisw.runbooks.sandbox.roger;

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

/** The simulated Roger's own answers, with a plain HTTP client and no credentials configured. */
class SimulatedRogerTest {

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final SimulatedDataCentre dc =
      SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
  private final Faults faults = new Faults();
  private final SimulatedRoger roger = new SimulatedRoger(dc, faults, "cern.ch", 0, null, null).start();

  @Test
  void aFaultScopedToOneHostHitsOnlyTheCallsAboutThatHost() throws Exception {
    for (String operation : new String[] {"roger.state.show", "roger.state.create", "roger.state.update", "roger.state.delete"}) {
      faults.failUntilCleared(Faults.scoped(operation, "alibuild13"), new Faults.HttpStatus(503, "Service Unavailable"));
      faults.failUntilCleared(Faults.scoped(operation, "alibuild02"), new Faults.HttpStatus(503, "Service Unavailable"));
    }

    assertThat(send("POST", "/roger/v1/state/", "{\"hostname\": \"alibuild13.cern.ch\", \"appstate\": \"build\"}").statusCode()).isEqualTo(503);
    assertThat(send("GET", "/roger/v1/state/alibuild02.cern.ch/", null).statusCode()).isEqualTo(503);
    assertThat(send("PUT", "/roger/v1/state/ALIBUILD02.cern.ch/", "{\"appstate\": \"build\"}").statusCode()).isEqualTo(503);
    assertThat(send("DELETE", "/roger/v1/state/alibuild02.cern.ch/", null).statusCode()).isEqualTo(503);
    assertThat(send("PUT", "/roger/v1/state/alibuild01.cern.ch/", "{\"appstate\": \"build\"}").statusCode()).isEqualTo(200);
    assertThat(roger.state("alibuild13.cern.ch")).isEmpty();
    assertThat(roger.state("alibuild02.cern.ch").orElseThrow().appstate()).isEqualTo("production");

    faults.clear(Faults.scoped("roger.state.update", "alibuild02"));
    assertThat(send("PUT", "/roger/v1/state/alibuild02.cern.ch/", "{\"appstate\": \"build\"}").statusCode()).isEqualTo(200);
  }

  @Test
  void sideEffectsCountEntriesWrittenNotTheFailedOrRefusedCalls() throws Exception {
    faults.inject("roger.state.update", new Faults.HttpStatus(503, "Service Unavailable"), 1);

    assertThat(send("PUT", "/roger/v1/state/alibuild02.cern.ch/", "{\"appstate\": \"build\"}").statusCode()).isEqualTo(503);
    assertThat(send("PUT", "/roger/v1/state/alibuild02.cern.ch/", "{\"appstate\": \"build\"}").statusCode()).isEqualTo(200);
    assertThat(send("PUT", "/roger/v1/state/alibuild02.cern.ch/", "{\"appstate\": \"broken\"}").statusCode()).isEqualTo(400);
    assertThat(send("POST", "/roger/v1/state/", "{\"hostname\": \"alibuild13.cern.ch\", \"appstate\": \"build\"}").statusCode()).isEqualTo(201);
    assertThat(send("POST", "/roger/v1/state/", "{\"hostname\": \"alibuild13.cern.ch\", \"appstate\": \"build\"}").statusCode()).isEqualTo(400);
    assertThat(send("DELETE", "/roger/v1/state/alibuild13.cern.ch/", null).statusCode()).isEqualTo(204);
    assertThat(send("GET", "/roger/v1/state/alibuild02.cern.ch/", null).statusCode()).isEqualTo(200);

    assertThat(roger.sideEffects().count("roger.state.update", "alibuild02")).isEqualTo(1);
    assertThat(roger.sideEffects().count("roger.state.create", "alibuild13.cern.ch")).isEqualTo(1);
    assertThat(roger.sideEffects().count("roger.state.delete", "alibuild13")).isEqualTo(1);
    assertThat(roger.sideEffects().count("roger.state.show", "alibuild02")).as("a read is no side effect").isZero();
  }

  @AfterEach
  void stop() {
    roger.close();
  }

  @Test
  void seededMachinesAreInProductionWithEveryAlarmOn() throws Exception {
    JsonNode state = json.readTree(send("GET", "/roger/v1/state/alimesos02.cern.ch/", null).body());

    assertThat(state.path("appstate").asText()).isEqualTo("production");
    assertThat(state.path("nc_alarmed").asBoolean()).isTrue();
    assertThat(state.path("app_alarmed").asBoolean()).isTrue();
  }

  @Test
  void aNewEntryHasItsAlarmsOffAndASecondPostIsRefused() throws Exception {
    String body = "{\"hostname\": \"alibuild13.cern.ch\", \"appstate\": \"build\"}";

    HttpResponse<String> created = send("POST", "/roger/v1/state/", body);
    HttpResponse<String> again = send("POST", "/roger/v1/state/", body);

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json.readTree(created.body()).path("hw_alarmed").asBoolean()).isFalse();
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("already exists");
  }

  @Test
  void putChangesOnlyTheFieldsItCarries() throws Exception {
    HttpResponse<String> put = send("PUT", "/roger/v1/state/alibuild02.cern.ch/", "{\"appstate\": \"build\"}");

    JsonNode state = json.readTree(put.body());
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(state.path("appstate").asText()).isEqualTo("build");
    assertThat(state.path("os_alarmed").asBoolean()).isTrue();
  }

  @Test
  void unknownHostsAndUnknownAppStatesAreAnsweredAsRogerDoes() throws Exception {
    assertThat(send("GET", "/roger/v1/state/alibuild99.cern.ch/", null).statusCode()).isEqualTo(404);
    assertThat(send("PUT", "/roger/v1/state/alibuild99.cern.ch/", "{\"appstate\": \"build\"}").statusCode())
        .isEqualTo(404);
    HttpResponse<String> invalid = send("PUT", "/roger/v1/state/alibuild02.cern.ch/", "{\"appstate\": \"broken\"}");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.body()).contains("is not a valid choice");
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + roger.port() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
