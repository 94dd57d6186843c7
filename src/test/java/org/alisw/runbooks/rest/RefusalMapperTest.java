package org.alisw.runbooks.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.alisw.runbooks.policy.PolicyViolation;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.junit.jupiter.api.Test;

/** Which wrapped exceptions become 400, and the body they get. */
class RefusalMapperTest {

  private final RefusalMapper mapper = new RefusalMapper();

  @Test
  void aRefusalWrappedByTheStartResourceIsA400WithItsOwnMessage() {
    RequestRejected refusal = new RequestRejected("hostname", "Never rebuild alibuild09.");
    RestException wrapped = new RestException(Response.Status.INTERNAL_SERVER_ERROR, refusal,
        "Cannot instantiate process definition rebuild-agent:1:x: Never rebuild alibuild09.");

    assertThat(mapper.isMappable(wrapped)).isTrue();
    Response response = mapper.toResponse(wrapped);
    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getEntity()).isEqualTo(Map.of("type", "RequestRejected", "message", "Never rebuild alibuild09."));
  }

  @Test
  void aSafetyRuleDeeperInTheCauseChainIsARefusalToo() {
    RestException wrapped = new RestException(Response.Status.INTERNAL_SERVER_ERROR,
        new ProcessEngineException("listener failed", new PolicyViolation("Zone cern-geneva-a already has a master.")), "x");

    assertThat(mapper.isMappable(wrapped)).isTrue();
    assertThat(mapper.toResponse(wrapped).getEntity())
        .isEqualTo(Map.of("type", "PolicyViolation", "message", "Zone cern-geneva-a already has a master."));
  }

  @Test
  void aRealServerErrorIsLeftToCamundaAndStays500() {
    assertThat(mapper.isMappable(new RestException(Response.Status.INTERNAL_SERVER_ERROR,
        new ProcessEngineException("database down", new IllegalStateException("no connection")), "x"))).isFalse();
    assertThat(mapper.isMappable(new RestException(Response.Status.INTERNAL_SERVER_ERROR, "no cause"))).isFalse();
  }
}
