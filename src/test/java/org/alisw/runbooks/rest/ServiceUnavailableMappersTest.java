package org.alisw.runbooks.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.alisw.runbooks.foreman.ForemanException;
import org.alisw.runbooks.http.AuthenticationUnavailableException;
import org.alisw.runbooks.mesos.ClusterUnavailableException;
import org.alisw.runbooks.openstack.CloudUnavailableException;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.junit.jupiter.api.Test;

/** Which failures become 503 (a service did not answer) and which stay with the other mappers. */
class ServiceUnavailableMappersTest {

  private final ServiceUnavailableMappers.ForRestException rest = new ServiceUnavailableMappers.ForRestException();
  private final ServiceUnavailableMappers.ForProcessEngineException engine = new ServiceUnavailableMappers.ForProcessEngineException();
  private final ServiceUnavailableMappers.ForAnyException any = new ServiceUnavailableMappers.ForAnyException();

  @Test
  void aStartWhoseCheckFoundForemanDownIsA503WithForemansMessage() {
    ForemanException down = new ForemanException(503, "Foreman answered GET /hosts/alibuild90.cern.ch with HTTP 503: down");
    RestException wrapped = new RestException(Response.Status.INTERNAL_SERVER_ERROR,
        new ProcessEngineException("listener failed", down), "Cannot instantiate process definition create-agent:1:x");

    assertThat(rest.isMappable(wrapped)).isTrue();
    Response response = rest.toResponse(wrapped);
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getEntity()).isEqualTo(Map.of("type", "ServiceUnavailable", "message",
        "Foreman answered GET /hosts/alibuild90.cern.ch with HTTP 503: down. The request was not carried out (its "
            + "transaction rolled back); try again when the service answers."));
  }

  @Test
  void everyServiceThatDidNotAnswerIsUnavailableWhereverItIsThrown() {
    CloudUnavailableException cloud = new CloudUnavailableException("Nova timed out", 0, null);
    ClusterUnavailableException mesos = new ClusterUnavailableException("No master answered.");
    ForemanException noAnswer = new ForemanException("Foreman did not answer GET /hosts", new java.io.IOException("reset"));
    AuthenticationUnavailableException kdcDown = new AuthenticationUnavailableException("the KDC did not answer", true);

    assertThat(engine.isMappable(new ProcessEngineException("x", cloud))).isTrue();
    assertThat(any.isMappable(mesos)).isTrue();
    assertThat(any.isMappable(noAnswer)).isTrue();
    assertThat(any.isMappable(new IllegalStateException("wrapped", kdcDown))).isTrue();
    assertThat(any.toResponse(mesos).getStatus()).isEqualTo(503);
  }

  @Test
  void answersThatAreNotAnOutageStayWithTheOtherMappers() {
    // Foreman said no (4xx), a keytab an operator must fix, a refusal, a defect: not "try later".
    assertThat(any.isMappable(new ForemanException(422, "hostgroup alibuild/mesos does not exist"))).isFalse();
    assertThat(any.isMappable(new AuthenticationUnavailableException("keytab unreadable", false))).isFalse();
    assertThat(any.isMappable(new NullPointerException())).isFalse();
    RestException refusalAndOutage = new RestException(Response.Status.INTERNAL_SERVER_ERROR,
        new CloudUnavailableException("Nova", 503, new RequestRejected("hostname", "No server named alibuild99")), "x");
    assertThat(rest.isMappable(refusalAndOutage)).as("a refusal is answered 400 by RefusalMapper").isFalse();
  }
}
