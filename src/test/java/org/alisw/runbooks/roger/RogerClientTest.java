package org.alisw.runbooks.roger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.roger.SimulatedRoger;
import org.alisw.runbooks.sandbox.roger.SimulatedRoger.ReceivedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The Roger adapter over the wire against the simulated Roger. */
@ExtendWith(OutputCaptureExtension.class)
class RogerClientTest {

  private static final String USER = "runbooks";
  private static final String PASSWORD = "roger-s3cret-never-printed";

  private final ObjectMapper json = new ObjectMapper();
  private Faults faults;
  private SimulatedRoger roger;
  private RogerClient client;

  @BeforeEach
  void start() {
    SimulatedDataCentre dc = SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    faults = new Faults();
    roger = new SimulatedRoger(dc, faults, "cern.ch", 0, USER, PASSWORD).start();
    client = new RogerClient(properties(PASSWORD, Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    roger.close();
  }

  private RogerProperties properties(String password, Duration timeout) {
    RogerProperties p = new RogerProperties();
    p.setUrl(URI.create("http://127.0.0.1:" + roger.port()));
    p.setAllowInsecureUrl(p.getUrl().toString());
    p.setDomain("cern.ch");
    p.setUsername(USER);
    p.setPassword(password);
    p.setRequestTimeout(timeout);
    return p;
  }

  @Test
  void readsAMachinesStateByItsFullyQualifiedName() {
    MachineState state = client.state("alibuild01").orElseThrow();

    assertThat(state.hostname()).isEqualTo("alibuild01.cern.ch");
    assertThat(state.is(AppState.PRODUCTION)).isTrue();
    assertThat(state.allAlarmed()).isTrue();
    assertThat(roger.requests()).extracting(ReceivedRequest::method, ReceivedRequest::path)
        .containsExactly(tuple("GET", "/roger/v1/state/alibuild01.cern.ch/"));
  }

  @Test
  void aHostRogerDoesNotKnowIsEmpty() {
    assertThat(client.state("alibuild13")).isEmpty();
  }

  @Test
  void aNewMachineIsPostedInBuildWithNothingElseAsAiBsDoes() throws Exception {
    MachineState state = client.update("alibuild13", MachineStateUpdate.newMachine());

    assertThat(roger.requests()).extracting(ReceivedRequest::method, ReceivedRequest::path)
        .containsExactly(tuple("GET", "/roger/v1/state/alibuild13.cern.ch/"), tuple("POST", "/roger/v1/state/"));
    assertThat(json.readTree(roger.requests().get(1).body()))
        .isEqualTo(json.readTree("{\"hostname\": \"alibuild13.cern.ch\", \"appstate\": \"build\"}"));
    assertThat(state.is(AppState.BUILD)).isTrue();
    assertThat(state.noneAlarmed()).isTrue();
  }

  @Test
  void aRebuildPutsBuildWithEveryAlarmOffAndItsMessage() throws Exception {
    MachineState state =
        client.update("alibuild05", MachineStateUpdate.rebuild("Rebuild triggered by rebuild-agent"));

    assertThat(roger.requests()).extracting(ReceivedRequest::method, ReceivedRequest::path)
        .containsExactly(
            tuple("GET", "/roger/v1/state/alibuild05.cern.ch/"), tuple("PUT", "/roger/v1/state/alibuild05.cern.ch/"));
    ReceivedRequest put = roger.requests().get(1);
    assertThat(json.readTree(put.body()))
        .isEqualTo(json.readTree("{\"hostname\": \"alibuild05.cern.ch\", \"appstate\": \"build\","
            + " \"nc_alarmed\": false, \"hw_alarmed\": false, \"os_alarmed\": false, \"app_alarmed\": false,"
            + " \"message\": \"Rebuild triggered by rebuild-agent\"}"));
    assertThat(put.headers()).containsEntry("content-type", "application/json");
    assertThat(state.is(AppState.BUILD)).isTrue();
    assertThat(state.noneAlarmed()).isTrue();
    assertThat(state.message()).isEqualTo("Rebuild triggered by rebuild-agent");
    assertThat(state.updatedBy()).isEqualTo(USER);
  }

  @Test
  void aKillDisablesTheMachineAndSilencesItsAlarms() {
    MachineState state = client.update("alibuild07", MachineStateUpdate.kill("alarms disabled by delete-vm"));

    assertThat(state.is(AppState.DISABLED)).isTrue();
    assertThat(state.noneAlarmed()).isTrue();
    assertThat(roger.state("alibuild07.cern.ch").orElseThrow().appstate()).isEqualTo("disabled");
  }

  @Test
  void backToProductionRaisesEveryAlarmAgain() {
    client.update("alibuild05", MachineStateUpdate.rebuild("rebuilding"));

    MachineState state = client.update("alibuild05", MachineStateUpdate.backToProduction("verified by rebuild-agent"));

    assertThat(state.is(AppState.PRODUCTION)).isTrue();
    assertThat(state.allAlarmed()).isTrue();
  }

  @Test
  void anUpdateLeavesTheAlarmsItDoesNotSetAsTheyAre() {
    client.update("alibuild05", MachineStateUpdate.newMachine());

    assertThat(client.state("alibuild05").orElseThrow().allAlarmed()).isTrue();
  }

  @Test
  void aRefusalFailsTheCallInsteadOfBeingOnlyLogged() {
    faults.inject("roger.state.update", new Faults.HttpStatus(403, "You do not have permission to perform this action."), 1);

    assertThatThrownBy(() -> client.update("alibuild05", MachineStateUpdate.kill("bye")))
        .isInstanceOfSatisfying(RogerRefusedException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("Roger refused to set alibuild05.cern.ch to disabled")
        .hasMessageContaining("You do not have permission");
    assertThat(roger.state("alibuild05.cern.ch").orElseThrow().appstate()).isEqualTo("production");
  }

  @Test
  void wrongCredentialsAreRefusedWithoutShowingThem(CapturedOutput output) {
    RogerClient wrong = new RogerClient(properties("not-the-roger-password", Duration.ofSeconds(5)));

    assertThatThrownBy(() -> wrong.state("alibuild01"))
        .isInstanceOfSatisfying(RogerRefusedException.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessageContaining("ROGER_PASSWORD");
    assertThat(output).doesNotContain("not-the-roger-password").doesNotContain(PASSWORD);
  }

  @Test
  void credentialsAreNotSentOverPlainHttpUnlessThatUrlIsAllowed() {
    RogerProperties p = properties(PASSWORD, Duration.ofSeconds(5));
    p.setAllowInsecureUrl(null);
    assertThatThrownBy(() -> new RogerClient(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing to send Roger credentials to http://127.0.0.1:")
        .hasMessageContaining("runbooks.roger.allow-insecure-url")
        .hasMessageNotContaining(PASSWORD);
    assertThat(roger.requests()).as("nothing was sent").isEmpty();

    p.setAllowInsecureUrl("http://127.0.0.1:" + roger.port() + "/");
    assertThatThrownBy(() -> new RogerClient(p)).isInstanceOf(IllegalArgumentException.class);

    p.setAllowInsecureUrl("http://127.0.0.1:" + roger.port());
    assertThat(new RogerClient(p).state("alibuild01")).isPresent();
  }

  @Test
  void serverErrorsAndStalledAnswersAreUnavailableSoTheStepIsRetried() {
    faults.inject("roger.state.create", new Faults.HttpStatus(500, "Internal Server Error"), 1);
    assertThatThrownBy(() -> client.update("alibuild13", MachineStateUpdate.newMachine()))
        .isInstanceOfSatisfying(RogerUnavailableException.class, e -> assertThat(e.status()).isEqualTo(500));

    RogerClient impatient = new RogerClient(properties(PASSWORD, Duration.ofMillis(500)));
    faults.inject("roger.state.show", new Faults.StallBody(Duration.ofSeconds(5)), 1);
    assertThatThrownBy(() -> impatient.state("alibuild01"))
        .isInstanceOfSatisfying(RogerUnavailableException.class, e -> assertThat(e.status()).isZero())
        .hasMessageContaining("did not answer");
  }

  @Test
  void aBadRequestIsRefusedWithRogersReason() {
    client.update("alibuild13", MachineStateUpdate.newMachine());
    faults.inject("roger.state.update", new Faults.HttpStatus(400, "\"build\" is not a valid choice."), 1);

    assertThatThrownBy(() -> client.update("alibuild13", MachineStateUpdate.rebuild("again")))
        .isInstanceOf(RogerRefusedException.class)
        .hasMessageContaining("is not a valid choice");
  }
}
