package org.alisw.runbooks.sandbox.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.alisw.runbooks.sandbox.Faults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK HTTP server plumbing the HTTP simulators share: one loopback server (HTTP or HTTPS) with
 * its own daemon threads, JSON answers, and the injected {@link Faults} applied the same way
 * everywhere. What a request means stays in each simulator's handler.
 */
public final class SimulatedHttpServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimulatedHttpServer.class);

  /**
   * The JDK server writes an answer's headers and its body as two TCP segments; with Nagle's
   * algorithm on, the body waits for the client's delayed ACK of the headers, 40 ms on Linux, so
   * every simulated call took about 44 ms on loopback instead of about 1 ms (measured with the
   * JDK's HttpClient). The JDK reads this property once, when its first server is created; a value
   * set on the command line wins.
   */
  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  static {
    System.getProperties().putIfAbsent(NO_DELAY, "true");
  }

  /** The JSON the simulators write and read (java.time and friends registered). */
  public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  /** One simulator's handling of one request; the exchange is closed afterwards. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  /** How a simulator answers an injected {@link Faults.HttpStatus}, in its own dialect. */
  @FunctionalInterface
  public interface StatusAnswer {
    void send(HttpExchange exchange, Faults.HttpStatus status) throws IOException;
  }

  private final String name;
  private final HttpServer server;
  private final ExecutorService executor;
  /**
   * Exchanges whose body is held back, across servers (HttpExchange attributes are shared by the
   * whole context, so they cannot mark one exchange); each entry leaves when its exchange ends.
   */
  private static final Map<HttpExchange, Duration> STALLED = new ConcurrentHashMap<>();
  /** The hook of the server whose handler runs on this thread (see {@link #beforeEachAnswer}). */
  private static final ThreadLocal<Runnable> BEFORE_ANSWER = new ThreadLocal<>();
  private volatile boolean closed;
  private volatile Runnable beforeAnswer = () -> {};

  private SimulatedHttpServer(String name, HttpServer server) {
    this.name = name;
    this.server = server;
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, name + "-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Binds 127.0.0.1:{@code port} (0 for a free port) and serves every path with {@code handler}.
   *
   * @param name for thread names and log lines, for example {@code simulated-foreman}
   * @param tls serve HTTPS with this context's key; null for plain HTTP
   */
  public static SimulatedHttpServer start(String name, int port, SSLContext tls, Handler handler) {
    try {
      // 127.0.0.1 literally: the simulators advertise that address, whatever the JVM prefers.
      InetSocketAddress address = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
      HttpServer server;
      if (tls != null) {
        HttpsServer https = HttpsServer.create(address, 50);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        server = https;
      } else {
        server = HttpServer.create(address, 50);
      }
      SimulatedHttpServer simulated = new SimulatedHttpServer(name, server);
      server.createContext("/", simulated.wrap(handler));
      server.setExecutor(simulated.executor);
      server.start();
      return simulated;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " on port " + port, e);
    }
  }

  private com.sun.net.httpserver.HttpHandler wrap(Handler handler) {
    return exchange -> {
      BEFORE_ANSWER.set(beforeAnswer);
      try (exchange) {
        handler.handle(exchange);
      } catch (IOException e) {
        log.debug("{}: the client went away: {}", name, e.toString());
      } catch (RuntimeException e) {
        if (!closed) {
          log.warn("{} failed on {} {}", name, exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
        }
      } finally {
        BEFORE_ANSWER.remove();
        STALLED.remove(exchange); // a redirect or no answer sends no body
      }
    };
  }

  /**
   * Runs {@code hook} right before each answer this server sends through {@link #send}, on the
   * handler's thread: the sandbox writes its world there ({@code SimulatedDataCentre.beforeAnswer}),
   * so a client never sees an answer the world on disk does not hold. When the hook fails, the
   * exchange ends without an answer, as a server that crashed mid-request.
   */
  public SimulatedHttpServer beforeEachAnswer(Runnable hook) {
    this.beforeAnswer = hook;
    return this;
  }

  /** The bound port (the requested one, or the free one chosen for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- faults -------------------------------------------------------------------------------

  /**
   * Applies an injected fault to this exchange: {@code Drop} and {@code HttpStatus} end it (false:
   * do not answer further), {@code Latency} waits, {@code StallBody} makes the next {@link #send}
   * flush the headers and hold the body back.
   */
  public static boolean proceedAfter(Optional<Faults.Fault> fault, HttpExchange exchange, StatusAnswer answer)
      throws IOException {
    if (fault.isEmpty()) {
      return true;
    }
    Faults.Fault f = fault.get();
    if (f instanceof Faults.Drop) {
      return false; // closing the exchange before any header is sent closes the connection
    }
    if (f instanceof Faults.HttpStatus status) {
      answer.send(exchange, status);
      return false;
    }
    if (f instanceof Faults.Latency latency) {
      sleep(latency.delay());
    } else if (f instanceof Faults.StallBody stall) {
      STALLED.put(exchange, stall.delay());
    }
    return true;
  }

  // --- answers ------------------------------------------------------------------------------

  /** {@code body} as JSON with Content-Type {@code application/json}. */
  public static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    sendJson(exchange, status, "application/json", body);
  }

  public static void sendJson(HttpExchange exchange, int status, String contentType, Object body) throws IOException {
    send(exchange, status, contentType, JSON.writeValueAsBytes(body));
  }

  /**
   * Status, Content-Type (unless null) and body; an empty body is sent as none (no length). A
   * stalled exchange gets its headers at once and its body after the stall.
   */
  public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    Runnable hook = BEFORE_ANSWER.get();
    if (hook != null) {
      hook.run();
    }
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length == 0) {
      return;
    }
    Duration stall = STALLED.remove(exchange);
    if (stall != null) {
      sleep(stall); // sendResponseHeaders flushed the headers: the client waits for the body
    }
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  /** The request headers, names in lower case, repeated values joined by commas. */
  public static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
    return headers;
  }

  /** A raw query string decoded into its parameters, in order; a name without value maps to "". */
  public static Map<String, List<String>> query(String rawQuery) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return query;
  }

  /** The first value of a query parameter, or null. */
  public static String param(String rawQuery, String name) {
    List<String> values = query(rawQuery).get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** An ordered map from alternating keys and values (null values allowed, unlike Map.of). */
  public static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  /** Simulated slowness; an interrupt (the simulator closing) ends it early. */
  public static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
