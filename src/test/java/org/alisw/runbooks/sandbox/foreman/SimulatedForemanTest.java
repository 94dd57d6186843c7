package org.alisw.runbooks.sandbox.foreman;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated Foreman refuses host bodies as Foreman does, raw over HTTP (no adapter). */
class SimulatedForemanTest {

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final Faults faults = new Faults();
  private SimulatedDataCentre dc;
  private SimulatedForeman foreman;

  @BeforeEach
  void start() throws IOException {
    dc = SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    foreman = new SimulatedForeman(dc, faults, 0, "cern.ch", null, null).start();
  }

  @Test
  void aHostKeptWhenItsServerIsDeletedStaysUntilItsOwnDelete() throws Exception {
    foreman.keepHostWhenServerDeleted("alibuild02.cern.ch");

    dc.delete("alibuild02");
    dc.delete("alibuild04");

    assertThat(foreman.host("alibuild04")).as("the sandbox's default: forgotten with its server").isEmpty();
    assertThat(foreman.host("alibuild02")).as("kept, as the real Foreman keeps it").isPresent();
    assertThat(send("DELETE", "/api/v2/hosts/alibuild02.cern.ch").statusCode()).isEqualTo(200);
    assertThat(foreman.host("alibuild02")).isEmpty();
    assertThat(foreman.sideEffects().count("foreman.hosts.destroy", "alibuild02")).isEqualTo(1);
  }

  @Test
  void forgettingAKeptHostWhoseServerIsGoneRemovesItsRecord() {
    foreman.keepHostWhenServerDeleted("alibuild02");
    dc.delete("alibuild02");

    foreman.forgetHostWithServer("alibuild02");

    assertThat(foreman.host("alibuild02")).isEmpty();
    assertThat(foreman.sideEffects().count("foreman.hosts.destroy", "alibuild02")).isZero();
  }

  @Test
  void aFaultScopedToOneHostHitsOnlyTheCallsAboutThatHost() throws Exception {
    faults.failUntilCleared(Faults.scoped("foreman.hosts.create", "alibuild30"), new Faults.HttpStatus(503, "Service Unavailable"));
    faults.failUntilCleared(Faults.scoped("foreman.hosts.show", "alibuild02"), new Faults.HttpStatus(503, "Service Unavailable"));
    faults.failUntilCleared(Faults.scoped("foreman.hosts.destroy", "alibuild02.cern.ch"), new Faults.HttpStatus(503, "Service Unavailable"));
    long id = foreman.host("alibuild02").orElseThrow().id();

    assertThat(post(host("alibuild30.cern.ch", false, 1, 4, "User", 1)).statusCode()).isEqualTo(503);
    assertThat(post(host("alibuild31.cern.ch", false, 1, 4, "User", 1)).statusCode()).isEqualTo(201);
    assertThat(send("GET", "/api/v2/hosts/alibuild02.cern.ch").statusCode()).isEqualTo(503);
    assertThat(send("GET", "/api/v2/hosts/" + id).statusCode()).as("by id").isEqualTo(503);
    assertThat(send("GET", "/api/v2/hosts/alibuild01.cern.ch").statusCode()).isEqualTo(200);
    assertThat(send("DELETE", "/api/v2/hosts/alibuild02.cern.ch").statusCode()).isEqualTo(503);
    assertThat(foreman.host("alibuild30")).isEmpty();
    assertThat(foreman.host("alibuild02")).isPresent();

    faults.clear(Faults.scoped("foreman.hosts.create", "alibuild30"));
    faults.clear(Faults.scoped("foreman.hosts.destroy", "alibuild02"));
    assertThat(post(host("alibuild30.cern.ch", false, 1, 4, "User", 1)).statusCode()).isEqualTo(201);
    assertThat(send("DELETE", "/api/v2/hosts/alibuild02.cern.ch").statusCode()).isEqualTo(200);
  }

  @Test
  void sideEffectsCountWhatWasAppliedNotTheFailedOrRefusedCalls() throws Exception {
    faults.inject("foreman.hosts.create", new Faults.HttpStatus(503, "Service Unavailable"), 1);

    assertThat(post(host("alibuild30.cern.ch", false, 1, 4, "User", 1)).statusCode()).isEqualTo(503);
    assertThat(post(host("alibuild30.cern.ch", false, 1, 4, "User", 1)).statusCode()).isEqualTo(201);
    assertThat(post(host("alibuild30.cern.ch", false, 1, 4, "User", 1)).statusCode()).as("taken").isEqualTo(422);
    assertThat(send("DELETE", "/api/v2/hosts/alibuild30.cern.ch").statusCode()).isEqualTo(200);
    assertThat(send("DELETE", "/api/v2/hosts/alibuild30.cern.ch").statusCode()).isEqualTo(404);

    assertThat(foreman.sideEffects().count("foreman.hosts.create", "alibuild30")).isEqualTo(1);
    assertThat(foreman.sideEffects().count("foreman.hosts.destroy", "alibuild30.cern.ch")).isEqualTo(1);
    assertThat(foreman.sideEffects().count("foreman.hosts.create", "alibuild31")).isZero();
  }

  @AfterEach
  void stop() {
    foreman.close();
  }

  @Test
  void createsTheUnmanagedHostAiBsSends() throws Exception {
    HttpResponse<String> created = post(host("alibuild30.cern.ch", false, 2, 4, "User", 1));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json.readTree(created.body()).path("hostgroup_title").asText()).isEqualTo("alibuild/mesos/slave");
    assertThat(json.readTree(created.body()).path("managed").asBoolean(true)).isFalse();
    assertThat(foreman.host("alibuild30").orElseThrow().ownerId()).isEqualTo(1);
  }

  @Test
  void unknownIdsAreRefusedWithFullMessages() throws Exception {
    HttpResponse<String> refused = post(host("alibuild30.cern.ch", false, 99, 98, "User", 97));

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(fullMessages(refused))
        .isEqualTo("[\"Hostgroup is invalid\",\"Environment is invalid\",\"Owner is invalid\"]");
    assertThat(foreman.host("alibuild30")).isEmpty();
  }

  @Test
  void aManagedHostWithoutProvisioningAttributesOrOwnerTypeIsRefused() throws Exception {
    HttpResponse<String> refused = post(host("alibuild30.cern.ch", true, 2, 4, null, 1));

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(fullMessages(refused))
        .contains("Operatingsystem can't be blank", "Owner type is not included in the list");
  }

  @Test
  void aTakenNameIsRefused() throws Exception {
    HttpResponse<String> refused = post(host("alibuild01.cern.ch", false, 2, 4, "User", 1));

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(fullMessages(refused)).contains("Name has already been taken");
  }

  @Test
  void looksUpByTheSearchesAiBsUses() throws Exception {
    assertThat(search("hostgroups", "label=\"alibuild/mesos/master\"").path("results").get(0).path("id").asLong())
        .isEqualTo(3);
    assertThat(search("environments", "name=\"qa\"").path("subtotal").asInt()).isEqualTo(1);
    assertThat(search("users", "login=\"admin\"").path("results").get(0).path("login").asText()).isEqualTo("admin");
    assertThat(search("users", "login=\"nobody\"").path("subtotal").asInt()).isZero();
  }

  @Test
  void aRebuildRouteNoLongerExists() throws Exception {
    HttpRequest put =
        HttpRequest.newBuilder(uri("/api/v2/hosts/alibuild01.cern.ch"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"host\":{\"build\":true}}"))
            .build();

    assertThat(http.send(put, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
  }

  private String host(String name, boolean managed, long environment, long hostgroup, String ownerType, long owner) {
    return "{\"host\":{\"name\":\"" + name + "\",\"managed\":" + managed + ",\"environment_id\":" + environment
        + ",\"hostgroup_id\":" + hostgroup + (ownerType == null ? "" : ",\"owner_type\":\"" + ownerType + "\"")
        + ",\"owner_id\":" + owner + "}}";
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri("/api/v2/hosts"))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode search(String collection, String search) throws Exception {
    String query = java.net.URLEncoder.encode(search, java.nio.charset.StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(uri("/api/v2/" + collection + "?search=" + query)).build();
    return json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  /** Foreman's {@code error.full_messages}, as JSON text. */
  private String fullMessages(HttpResponse<String> response) throws IOException {
    return json.readTree(response.body()).path("error").path("full_messages").toString();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + foreman.port() + path);
  }
}
