package org.alisw.runbooks.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A canned /engine-rest on a loopback port: answers by "METHOD /path?query", records requests. */
final class FakeEngine implements AutoCloseable {

  record Request(String method, String uri, String authorization, String body) {}

  record Answer(int status, String body) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeEngine() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String uri = exchange.getRequestURI().toString();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(exchange.getRequestMethod(), uri, exchange.getRequestHeaders().getFirst("Authorization"), body));
      Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + uri,
          new Answer(404, "{\"type\":\"InvalidRequestException\",\"message\":\"nothing canned for " + uri + "\"}"));
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), answer.status() == 204 ? -1 : bytes.length);
      if (answer.status() != 204) {
        exchange.getResponseBody().write(bytes);
      }
      exchange.close();
    });
    server.start();
  }

  FakeEngine on(String methodAndPath, int status, String body) {
    answers.put(methodAndPath.replaceFirst(" ", " /engine-rest"), new Answer(status, body));
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** One run of the CLI with RUNBOOK_PASSWORD set, its exit code and what it printed. */
  record Run(int exitCode, String out, String err) {}

  static Run run(Map<String, String> env, Path home, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RunbookCli.Environment environment = new RunbookCli.Environment(env, home, prompt -> null,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
    int code = RunbookCli.run(environment, args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
