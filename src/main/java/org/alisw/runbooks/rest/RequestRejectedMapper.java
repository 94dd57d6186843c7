package org.alisw.runbooks.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.alisw.runbooks.runbook.RequestRejected;

/**
 * A refusal that reaches {@code /engine-rest} unwrapped, from a resource that does not catch
 * engine exceptions itself (claiming an approval task one requested, for instance): 400 with the
 * refusal's message instead of the engine's generic 500.
 */
@Provider
public class RequestRejectedMapper implements ExceptionMapper<RequestRejected> {

  @Override
  public Response toResponse(RequestRejected refusal) {
    return RefusalMapper.badRequest(refusal);
  }
}
