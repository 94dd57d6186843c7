package org.alisw.runbooks.openstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.slf4j.MDC;

/**
 * How the adapter calls OpenStack: an openstack4j client per call, from the project's shared
 * token; a 401 renews the token once; every failure becomes a {@link CloudException} that says
 * what was being done, in which project, and OpenStack's message. Each call runs on a bounded pool
 * and is given up after the call timeout, whatever openstack4j's connector does meanwhile.
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

  /** Calls running at once; more wait in the queue (their wait counts against their deadline). */
  static final int MAX_CONCURRENT_CALLS = 16;

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final KeystoneSessions sessions;
  private final Config config;
  private final Duration callTimeout;
  private final String timeoutSetting;
  private final ExecutorService pool;

  /** @param timeoutSetting the property {@code callTimeout} comes from, for messages */
  OpenStackCalls(KeystoneSessions sessions, Config config, Duration callTimeout, String timeoutSetting) {
    this.sessions = sessions;
    this.config = config;
    this.callTimeout = callTimeout;
    this.timeoutSetting = timeoutSetting;
    this.pool = pool("openstack-call-" + POOLS.incrementAndGet());
  }

  /**
   * Threads that end when idle, daemons: a call given up at its deadline may still hang in a read
   * until the read timeout frees its thread, and must not keep the JVM alive meanwhile.
   */
  private static ExecutorService pool(String name) {
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            MAX_CONCURRENT_CALLS, MAX_CONCURRENT_CALLS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(256),
            r -> {
              Thread t = new Thread(r, name + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Runs one openstack4j call with a client for the project, bounded as a whole by the call
   * timeout: past it the caller gets a {@link CloudUnavailableException} (the engine retries the
   * job) while the abandoned request is interrupted and left to its read timeout.
   */
  <T> T call(String project, String what, Function<OSClientV3, T> operation) {
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    Future<T> future;
    try {
      future = pool.submit(() -> {
        if (mdc != null) {
          MDC.setContextMap(mdc);
        }
        try {
          return attempt(project, what, operation);
        } finally {
          MDC.clear();
        }
      });
    } catch (RejectedExecutionException e) {
      throw new CloudUnavailableException(
          "Too many OpenStack calls waiting; could not " + what + " in project " + project, 0, e);
    }
    try {
      return future.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new CloudUnavailableException(
          "OpenStack did not complete the call to " + what + " in project " + project + " within " + callTimeout
              + " (" + timeoutSetting + "); given up", 0, e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new CloudUnavailableException("Interrupted while trying to " + what + " in project " + project, 0, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new CloudException("Failed to " + what + " in project " + project, e.getCause());
    }
  }

  /**
   * One try on this thread. A 401 (token revoked or expired early) gets one new token and one more
   * try; everything else becomes a {@link CloudException} that says what failed.
   */
  private <T> T attempt(String project, String what, Function<OSClientV3, T> operation) {
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
        rethrowOurs(e);
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
        rethrowOurs(e);
        // openstack4j wraps I/O failures of the connector (connection reset, timeout) this way.
        if (causedByIo(e)) {
          throw new CloudUnavailableException(
              "OpenStack unreachable for project " + project + " while trying to " + what, 0, e);
        }
        throw e;
      }
    }
  }

  /** A CloudException of ours (a missing catalog entry) that openstack4j wrapped on its way out. */
  private static void rethrowOurs(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof CloudException ours) {
        throw ours;
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

  /** The next call of this project logs in to Keystone again instead of reusing its token. */
  void forgetToken(String project) {
    sessions.forget(project);
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
    exchange(project, what, ServiceType.COMPUTE, method, path, body, false);
  }

  /**
   * A GET through the same transport, answering the JSON body: for what openstack4j's model loses
   * (Cinder statuses its enum does not know, such as {@code reserved} or {@code extending}).
   */
  JsonNode get(String project, String what, ServiceType service, String path) {
    return exchange(project, what, service, HttpMethod.GET, path, null, true);
  }

  private JsonNode exchange(
      String project, String what, ServiceType service, HttpMethod method, String path, Object body, boolean read) {
    return call(project, what, os -> {
      HttpRequest.RequestBuilder<Void> request =
          HttpRequest.builder(Void.class)
              .serviceType(service)
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
        return read ? readJson(response) : null;
      } finally {
        HttpEntityHandler.closeQuietly(response);
      }
    });
  }

  private static JsonNode readJson(HttpResponse response) {
    try (InputStream in = response.getInputStream()) {
      return in == null ? JSON.missingNode() : JSON.readTree(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
