package org.alisw.runbooks.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.alisw.runbooks.certmgr.CertmgrUnavailableException;
import org.alisw.runbooks.foreman.ForemanException;
import org.alisw.runbooks.http.AuthenticationUnavailableException;
import org.alisw.runbooks.mesos.ClusterUnavailableException;
import org.alisw.runbooks.openstack.CloudUnavailableException;
import org.alisw.runbooks.roger.RogerUnavailableException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /engine-rest} answers 503 Service Unavailable, with the service's own message, when a
 * request failed because a service the runbook depends on did not answer (OpenStack, Foreman,
 * Certmgr, Roger, the Mesos masters, or the KDC): typically a start whose start check could not
 * look the host up. Camunda's mappers would answer 500 and log a stack trace at ERROR, as for a
 * defect; here nothing is wrong with the engine or the request, and trying again later is the
 * advice. One WARN line names the request and the reason.
 *
 * <p>Jersey picks the exception mapper nearest to the thrown type, so there is one per type
 * Camunda maps ({@link RestException}, which {@code /start} wraps everything in; {@link
 * ProcessEngineException}; anything else), each with a higher priority than Camunda's and each
 * declining ({@link ExtendedExceptionMapper#isMappable}) what is not an unavailable service.
 */
public final class ServiceUnavailableMappers {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceUnavailableMappers.class);

  private ServiceUnavailableMappers() {}

  /** The exception in {@code exception}'s cause chain that says a service did not answer, if any. */
  static Optional<RuntimeException> unavailableIn(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (isUnavailable(cause)) {
        return Optional.of((RuntimeException) cause);
      }
    }
    return Optional.empty();
  }

  private static boolean isUnavailable(Throwable cause) {
    return cause instanceof CloudUnavailableException
        || cause instanceof CertmgrUnavailableException
        || cause instanceof RogerUnavailableException
        || cause instanceof ClusterUnavailableException
        || cause instanceof AuthenticationUnavailableException auth && auth.isTransient()
        // Foreman's adapter has one exception type: no answer (0) or a server error (5xx).
        || cause instanceof ForemanException foreman && (foreman.status() == 0 || foreman.status() >= 500);
  }

  static Response serviceUnavailable(Throwable exception) {
    RuntimeException unavailable = unavailableIn(exception).orElseThrow();
    LOG.warn("Answered 503: a service did not answer: {}", unavailable.getMessage());
    Map<String, String> body = new LinkedHashMap<>();
    body.put("type", "ServiceUnavailable");
    String message = unavailable.getMessage().endsWith(".") ? unavailable.getMessage() : unavailable.getMessage() + ".";
    body.put("message", message + " The request was not carried out (its transaction rolled back); try again when the service answers.");
    return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }

  /** What {@code /start} and most resources throw: a RestException around the engine's exception. */
  @Provider
  @Priority(RefusalMapper.PRIORITY)
  public static final class ForRestException implements ExtendedExceptionMapper<RestException> {
    @Override
    public boolean isMappable(RestException exception) {
      return RefusalMapper.refusalIn(exception).isEmpty() && unavailableIn(exception).isPresent();
    }

    @Override
    public Response toResponse(RestException exception) {
      return serviceUnavailable(exception);
    }
  }

  /** The engine's exceptions thrown as they are (submit-form, task completion). */
  @Provider
  @Priority(RefusalMapper.PRIORITY)
  public static final class ForProcessEngineException implements ExtendedExceptionMapper<ProcessEngineException> {
    @Override
    public boolean isMappable(ProcessEngineException exception) {
      return RefusalMapper.refusalIn(exception).isEmpty() && unavailableIn(exception).isPresent();
    }

    @Override
    public Response toResponse(ProcessEngineException exception) {
      return serviceUnavailable(exception);
    }
  }

  /** Anything else, for example an adapter's exception thrown by a resource of ours. */
  @Provider
  @Priority(RefusalMapper.PRIORITY)
  public static final class ForAnyException implements ExtendedExceptionMapper<Throwable> {
    @Override
    public boolean isMappable(Throwable exception) {
      return RefusalMapper.refusalIn(exception).isEmpty() && unavailableIn(exception).isPresent();
    }

    @Override
    public Response toResponse(Throwable exception) {
      return serviceUnavailable(exception);
    }
  }
}
