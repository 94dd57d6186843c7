package org.alisw.runbooks.foreman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Foreman over HTTPS: the adapter trusts exactly the configured CA bundle. */
class ForemanTlsTest {

  private static final char[] STORE_PASSWORD = "changeit".toCharArray();

  @TempDir static Path dir;
  private static Path keyStore;
  private static Path caBundle;
  private SimulatedForeman foreman;

  /** A self-signed certificate for 127.0.0.1, made once: keytool takes a while. */
  @BeforeAll
  static void makeCertificate() throws Exception {
    keyStore = dir.resolve("foreman.p12");
    caBundle = dir.resolve("ca-bundle.pem");
    keytool("-genkeypair", "-alias", "foreman", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", new String(STORE_PASSWORD));
    keytool("-exportcert", "-rfc", "-alias", "foreman", "-keystore", keyStore.toString(),
        "-storepass", new String(STORE_PASSWORD), "-file", caBundle.toString());
  }

  @BeforeEach
  void start() throws Exception {

    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      ks.load(in, STORE_PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, STORE_PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);

    SimulatedDataCentre dc =
        SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    foreman = new SimulatedForeman(dc, new Faults(), 0, "cern.ch", "runbooks", "pw").withTls(tls).start();
  }

  @AfterEach
  void stop() {
    if (foreman != null) {
      foreman.close();
    }
  }

  @Test
  void trustsTheConfiguredCaBundle() {
    ForemanClient client = new ForemanClient(properties(caBundle));

    assertThat(client.host("alibuild01").orElseThrow().name()).isEqualTo("alibuild01.cern.ch");
    assertThat(foreman.requests()).hasSize(1);
  }

  @Test
  void refusesAServerItsCaBundleDoesNotVouchFor() {
    ForemanClient client = new ForemanClient(properties(null));

    assertThatThrownBy(() -> client.host("alibuild01"))
        .isInstanceOf(ForemanException.class)
        .hasMessageContaining("did not answer");
    assertThat(foreman.requests()).isEmpty();
  }

  private ForemanProperties properties(Path bundle) {
    ForemanProperties p = new ForemanProperties();
    p.setUrl(URI.create("https://127.0.0.1:" + foreman.port()));
    p.setUsername("runbooks");
    p.setPassword("pw");
    p.setCaBundle(bundle);
    p.setRequestTimeout(Duration.ofSeconds(5));
    return p;
  }

  private static void keytool(String... args) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }
}
