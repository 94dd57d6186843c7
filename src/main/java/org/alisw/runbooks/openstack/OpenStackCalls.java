package org.alisw.runbooks.openstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;
import org.openstack4j.api.EndpointTokenProvider;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.RegionEndpointNotFoundException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.HttpEntityHandler;
import org.openstack4j.core.transport.HttpMethod;
import org.openstack4j.core.transport.HttpRequest;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.core.transport.internal.HttpExecutor;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;

/**
 * How the adapter calls OpenStack: an openstack4j client per call on the calling thread, from the
 * project's shared token; a 401 renews the token once; every failure becomes a {@link
 * CloudException} that says what was being done, in which project, and OpenStack's message.
 */
final class OpenStackCalls {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * openstack4j's connector re-authenticates by itself on a 401 unless the request carries this
   * header (it marks its own Keystone calls so). Its re-authentication would renew only this
   * thread's session, and fails for tokens obtained from an application credential: the shared
   * token is renewed here instead.
   */
  private static final Map<String, String> NO_INTERNAL_REAUTHENTICATION = Map.of("OS4J-Auth-Command", "runbooks");

  private final KeystoneSessions sessions;
  private final Config config;

  OpenStackCalls(KeystoneSessions sessions, Config config) {
    this.sessions = sessions;
    this.config = config;
  }

  /**
   * Runs one openstack4j call with a client for the project on this thread. A 401 (token revoked
   * or expired early) gets one new token and one more try; everything else becomes a {@link
   * CloudException} that says what failed.
   */
  <T> T call(String project, String what, Function<OSClientV3, T> operation) {
    for (int attempt = 1; ; attempt++) {
      Token token = sessions.token(project);
      OSClientV3 client = OSFactory.clientFromToken(token, Facing.PUBLIC, config);
      client.headers(NO_INTERNAL_REAUTHENTICATION);
      String region = sessions.region(project);
      if (region != null) {
        client.useRegion(region);
      }
      try {
        return operation.apply(client);
      } catch (AuthenticationException e) {
        sessions.invalidate(project, token);
        if (attempt >= 2) {
          throw new CloudAuthenticationException(
              "OpenStack refused the token for project " + project + " twice while trying to " + what, e);
        }
      } catch (ConnectionException e) {
        throw new CloudUnavailableException(
            "OpenStack unreachable for project " + project + " while trying to " + what + ": " + e.getMessage(), 0, e);
      } catch (ResponseException e) {
        throw translate(e.getStatus(), e.getMessage(), project, what, e);
      } catch (CloudException e) {
        throw e;
      } catch (RegionEndpointNotFoundException e) {
        throw new CloudAuthenticationException(
            "The catalog of project " + project + " has no public endpoint in region '" + region
                + "' (OS_REGION_NAME) to " + what + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        // openstack4j wraps I/O failures of the connector (connection reset, timeout) this way.
        if (causedByIo(e)) {
          throw new CloudUnavailableException(
              "OpenStack unreachable for project " + project + " while trying to " + what, 0, e);
        }
        throw e;
      }
    }
  }

  private static boolean causedByIo(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  /** Fails when an action answer is not a success. */
  static void check(ActionResponse response, String project, String what) {
    if (response != null && !response.isSuccess()) {
      throw translate(response.getCode(), response.getFault(), project, what, null);
    }
  }

  static CloudException translate(int status, String message, String project, String what, Throwable cause) {
    String text =
        "OpenStack answered " + status + " when trying to " + what + " in project " + project
            + (message == null || message.isBlank() ? "" : ": " + message);
    if (status >= 500 || status == 0) {
      return new CloudUnavailableException(text, status, cause);
    }
    if (status == 413 || status == 403 && message != null && message.toLowerCase().contains("quota")) {
      return new CloudQuotaExceededException(text, status);
    }
    if (status == 404) {
      return new CloudNotFoundException(text);
    }
    if (status == 401) {
      return new CloudAuthenticationException(text, cause);
    }
    return new CloudRejectedException(text, status);
  }

  /**
   * One Nova request through openstack4j's transport (catalog endpoint, token, connector), with
   * the status checked here: openstack4j's own server actions, delete and detach report success
   * for any status but 400-409 and 500 (its ToActionResponseFunction), so a 503 or a 413 would
   * pass unnoticed.
   */
  void nova(String project, String what, HttpMethod method, String path, Object body) {
    call(project, what, os -> {
      HttpRequest.RequestBuilder<Void> request =
          HttpRequest.builder(Void.class)
              .serviceType(ServiceType.COMPUTE)
              .endpointTokenProvider((EndpointTokenProvider) os)
              .config(config)
              .method(method)
              .path(path)
              .headers(NO_INTERNAL_REAUTHENTICATION);
      if (body != null) {
        request.json(toJson(body));
      }
      HttpResponse response = HttpExecutor.create().execute(request.build());
      try {
        int status = response.getStatus();
        if (status == 401) {
          throw new AuthenticationException("token refused", status);
        }
        if (status >= 400) {
          throw translate(status, faultMessage(response), project, what, null);
        }
        return status;
      } finally {
        HttpEntityHandler.closeQuietly(response);
      }
    });
  }

  private static String toJson(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + body, e);
    }
  }

  /** The message of an OpenStack error body such as {@code {"conflictingRequest": {"message": ...}}}. */
  private static String faultMessage(HttpResponse response) {
    try (InputStream in = response.getInputStream()) {
      if (in == null) {
        return response.getStatusMessage();
      }
      JsonNode root = JSON.readTree(in);
      if (root != null && root.isObject() && root.size() > 0) {
        JsonNode fault = root.elements().next();
        if (fault.hasNonNull("message")) {
          return fault.get("message").asText();
        }
      }
      return response.getStatusMessage();
    } catch (IOException | RuntimeException e) {
      return response.getStatusMessage();
    }
  }
}
