package org.alisw.runbooks.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS server on loopback with a self-signed certificate (made with the JDK's keytool), that
 * answers every request with {@code {}} and counts them: a client that verifies TLS sends it none.
 */
public final class SelfSignedHttps implements AutoCloseable {

  private static final char[] STORE_PASSWORD = "changeit".toCharArray();

  private final HttpsServer server;
  private final Path bundle;
  private final AtomicInteger requests = new AtomicInteger();

  private SelfSignedHttps(Path store, Path bundle) throws Exception {
    this.bundle = bundle;
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, STORE_PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, STORE_PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  /**
   * A server whose certificate names {@code dname} / {@code san} (keytool syntax, for example
   * {@code SAN=ip:127.0.0.1}); its certificate is written to {@code <name>.pem} in {@code dir}.
   */
  public static SelfSignedHttps start(Path dir, String name, String dname, String san) throws Exception {
    Path store = dir.resolve(name + ".p12");
    Path bundle = dir.resolve(name + ".pem");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", dname, "-ext", san, "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", new String(STORE_PASSWORD));
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(),
        "-storepass", new String(STORE_PASSWORD), "-file", bundle.toString());
    return new SelfSignedHttps(store, bundle);
  }

  public URI url() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Its certificate as a PEM CA bundle. */
  public Path bundle() {
    return bundle;
  }

  public AtomicInteger requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void keytool(String... args) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }
}
