package org.alisw.runbooks.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.alisw.runbooks.policy.PolicyViolation;

/**
 * A safety rule's refusal that reaches {@code /engine-rest} unwrapped (it is no engine exception,
 * so the engine's resources let it through, and Camunda's catch-all would answer 500): 400 with
 * the rule's message.
 */
@Provider
public class PolicyViolationMapper implements ExceptionMapper<PolicyViolation> {

  @Override
  public Response toResponse(PolicyViolation violation) {
    return RefusalMapper.badRequest(violation);
  }
}
