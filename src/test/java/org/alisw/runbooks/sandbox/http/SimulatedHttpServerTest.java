package org.alisw.runbooks.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.alisw.runbooks.sandbox.Faults;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared plumbing of the HTTP simulators, over a real loopback connection. */
class SimulatedHttpServerTest {

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private SimulatedHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A server whose every request suffers {@code fault}, then gets {"answer": 42}. */
  private URI serve(Faults.Fault fault) {
    server =
        SimulatedHttpServer.start(
            "test-simulator",
            0,
            null,
            ex -> {
              boolean answer =
                  SimulatedHttpServer.proceedAfter(
                      Optional.of(fault),
                      ex,
                      (e, s) -> SimulatedHttpServer.send(e, s.status(), "text/plain", s.message().getBytes(StandardCharsets.UTF_8)));
              if (answer) {
                SimulatedHttpServer.sendJson(ex, 200, SimulatedHttpServer.map("answer", 42, "none", null));
              }
            });
    return URI.create("http://127.0.0.1:" + server.port() + "/x");
  }

  @Test
  void stallBodySendsTheHeadersAtOnceAndTheBodyAfterTheStall() throws Exception {
    URI uri = serve(new Faults.StallBody(Duration.ofMillis(1500)));
    long start = System.nanoTime();

    HttpResponse<InputStream> response =
        client
            .sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream())
            .get(1, TimeUnit.SECONDS);
    String body;
    try (InputStream in = response.body()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(body).isEqualTo("{\"answer\":42,\"none\":null}");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
  }

  @Test
  void anInjectedStatusIsAnsweredInTheSimulatorsOwnWords() throws Exception {
    URI uri = serve(new Faults.HttpStatus(503, "No leader elected"));

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("No leader elected");
  }

  @Test
  void dropClosesTheConnectionWithoutAnAnswer() {
    URI uri = serve(new Faults.Drop());

    assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void theJdkServerSendsWithoutNaglesDelay() {
    serve(new Faults.HttpStatus(503, "any"));
    // Read by the JDK once, when its first server starts: set by the class before any server.
    assertThat(System.getProperty(SimulatedHttpServer.NO_DELAY)).isEqualTo("true");
  }

  @Test
  void queriesAreDecodedWithRepeatedAndEmptyParameters() {
    Map<String, List<String>> query = SimulatedHttpServer.query("search=name%20%3D%20%22a%22&tag=x&tag=y&flag");

    assertThat(query)
        .containsExactly(
            Map.entry("search", List.of("name = \"a\"")), Map.entry("tag", List.of("x", "y")), Map.entry("flag", List.of("")));
    assertThat(SimulatedHttpServer.param("tag=x&tag=y", "tag")).isEqualTo("x");
    assertThat(SimulatedHttpServer.param(null, "tag")).isNull();
  }
}
