package org.alisw.runbooks.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.alisw.runbooks.policy.PolicyViolation;
import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /engine-rest} answers a runbook's refusal of bad input with 400 and the refusal's own
 * message, like {@code /submit-form} does, instead of the engine's 500. The engine's {@code /start}
 * wraps every engine exception, a refusal included, in a {@link RestException} with status 500 and
 * the refusal as its cause: this mapper takes exactly those whose cause chain holds a {@link
 * RequestRejected} or a {@link PolicyViolation}, and leaves every other exception (real server
 * errors stay 500) to Camunda's own mappers. It is an {@link ExtendedExceptionMapper} with a higher
 * priority than Camunda's (no {@code @Priority}, so {@code USER}): Jersey asks it first and falls
 * back to Camunda's mapper of the same type when {@link #isMappable} says no.
 *
 * <p>The body has the engine REST API's error form, {@code {"type": ..., "message": ...}}. Nothing
 * is logged here beyond DEBUG: the listener that refused already wrote the one WARN line naming
 * user, runbook and reason.
 */
@Provider
@Priority(RefusalMapper.PRIORITY)
public class RefusalMapper implements ExtendedExceptionMapper<RestException> {

  /** Ahead of Camunda's mappers, which carry Jersey's default priority USER (5000). */
  static final int PRIORITY = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(RefusalMapper.class);

  @Override
  public boolean isMappable(RestException exception) {
    return refusalIn(exception).isPresent();
  }

  @Override
  public Response toResponse(RestException exception) {
    RuntimeException refusal = refusalIn(exception).orElseThrow();
    LOG.debug("Answered 400 to a refused request: {}", refusal.getMessage());
    return badRequest(refusal);
  }

  /** The refusal that caused {@code exception}, if a refusal did. */
  static Optional<RuntimeException> refusalIn(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof RequestRejected || cause instanceof PolicyViolation) {
        return Optional.of((RuntimeException) cause);
      }
    }
    return Optional.empty();
  }

  static Response badRequest(RuntimeException refusal) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("type", refusal.getClass().getSimpleName());
    body.put("message", refusal.getMessage());
    return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
