package org.alisw.runbooks.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.alisw.runbooks.certmgr.CertmgrClient;
import org.alisw.runbooks.certmgr.CertmgrProperties;
import org.alisw.runbooks.certmgr.CertmgrRefusedException;
import org.alisw.runbooks.foreman.ForemanClient;
import org.alisw.runbooks.foreman.ForemanException;
import org.alisw.runbooks.foreman.ForemanProperties;
import org.alisw.runbooks.http.AuthMode;
import org.alisw.runbooks.roger.RogerClient;
import org.alisw.runbooks.roger.RogerProperties;
import org.alisw.runbooks.roger.RogerRefusedException;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.SimulationTimings;
import org.alisw.runbooks.sandbox.certmgr.SimulatedCertmgr;
import org.alisw.runbooks.sandbox.foreman.SimulatedForeman;
import org.alisw.runbooks.sandbox.http.NegotiateAcceptor;
import org.alisw.runbooks.sandbox.roger.SimulatedRoger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Foreman, Certmgr and Roger adapters over the wire with SPNEGO, against a real KDC (Kerby) and
 * the simulators in Kerberos mode validating each Negotiate token with the JDK acceptor: what works
 * with a valid keytab, and what an operator reads when the keytab, the ticket or the service
 * principal is wrong. Tickets live {@value #LIFETIME_SECONDS} s, so expiry and renewal happen here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KerberosAdaptersTest {

  static final int LIFETIME_SECONDS = 6;

  private TestKdc kdc;
  private String realHost;
  private Path serviceKeytab;
  private Path engineKeytab;
  private SimulatedDataCentre dc;
  private SimulatedForeman foreman;
  private SimulatedCertmgr certmgr;
  private SimulatedRoger roger;
  private final List<String> thrown = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private ch.qos.logback.classic.Logger root;
  private Level rootLevel;

  @BeforeAll
  void startKdcAndServices() throws IOException {
    // What dereferencing 127.0.0.1 yields here (localhost on any usual /etc/hosts): the host
    // whose service principal the simulated services hold.
    realHost = InetAddress.getByAddress(new byte[] {127, 0, 0, 1}).getCanonicalHostName();
    assumeFalse(realHost.equals("127.0.0.1"), "127.0.0.1 has no reverse name here: nothing to dereference to");
    root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.DEBUG);
    logs.start();
    root.addAppender(logs);

    kdc = TestKdc.start(Duration.ofSeconds(LIFETIME_SECONDS));
    engineKeytab = kdc.keytab("alibuild-runbooks");
    serviceKeytab = kdc.keytab("HTTP/" + realHost);
    dc = SimulatedDataCentre.seeded(Clock.systemUTC(), SimulationTimings.fast(), "release-testing");
    Faults faults = new Faults();
    String service = "HTTP/" + realHost + "@" + TestKdc.REALM;
    // The engine's principal is a Foreman user (its first SPNEGO login creates it at CERN).
    foreman = new SimulatedForeman(dc, faults, 0, "cern.ch", "alibuild-runbooks", null)
        .withKerberos(new NegotiateAcceptor(serviceKeytab, service)).start();
    certmgr = new SimulatedCertmgr(dc, faults, 0, null, null)
        .withKerberos(new NegotiateAcceptor(serviceKeytab, service)).start();
    roger = new SimulatedRoger(dc, faults, "cern.ch", 0, null, null)
        .withKerberos(new NegotiateAcceptor(serviceKeytab, service)).start();
  }

  @AfterAll
  void stop() {
    if (foreman != null) {
      foreman.close();
      certmgr.close();
      roger.close();
    }
    if (kdc != null) {
      kdc.close();
    }
    if (root != null) {
      root.detachAppender(logs);
      root.setLevel(rootLevel);
    }
  }

  // --- settings -----------------------------------------------------------------------------

  /** The URL names 127.0.0.1, "the alias"; the service principal is that of the host behind it. */
  private KerberosSettings settings(String principal, Path keytab) {
    KerberosSettings k = new KerberosSettings();
    k.setPrincipal(TestKdc.principal(principal));
    k.setKeytab(keytab);
    k.setKrb5Conf(kdc.krb5Conf());
    return k;
  }

  private ForemanClient foreman(KerberosSettings k, int port) {
    ForemanProperties p = new ForemanProperties();
    p.setUrl(URI.create("http://127.0.0.1:" + port));
    p.setAllowInsecureUrl(p.getUrl().toString());
    p.setDomain("cern.ch");
    p.setRequestTimeout(Duration.ofSeconds(10));
    p.setAuth(AuthMode.KERBEROS);
    copy(k, p.getKerberos());
    return new ForemanClient(p);
  }

  private CertmgrClient certmgr(KerberosSettings k) {
    CertmgrProperties p = new CertmgrProperties();
    p.setUrl(URI.create("http://127.0.0.1:" + certmgr.port()));
    p.setAllowInsecureUrl(p.getUrl().toString());
    p.setDomain("cern.ch");
    p.setRequestTimeout(Duration.ofSeconds(10));
    p.setAuth(AuthMode.KERBEROS);
    copy(k, p.getKerberos());
    return new CertmgrClient(p);
  }

  private RogerClient roger(KerberosSettings k) {
    RogerProperties p = new RogerProperties();
    p.setUrl(URI.create("http://127.0.0.1:" + roger.port()));
    p.setAllowInsecureUrl(p.getUrl().toString());
    p.setDomain("cern.ch");
    p.setRequestTimeout(Duration.ofSeconds(10));
    p.setAuth(AuthMode.KERBEROS);
    copy(k, p.getKerberos());
    return new RogerClient(p);
  }

  private static void copy(KerberosSettings from, KerberosSettings to) {
    to.setPrincipal(from.getPrincipal());
    to.setKeytab(from.getKeytab());
    to.setTicketCache(from.getTicketCache());
    to.setKrb5Conf(from.getKrb5Conf());
    to.setDereferenceAlias(from.isDereferenceAlias());
  }

  private String remember(Throwable e) {
    thrown.add(e.getMessage());
    return e.getMessage();
  }

  // --- tests --------------------------------------------------------------------------------

  @Test
  @Order(1)
  void foremanCertmgrAndRogerAnswerTheEnginesKeytabIdentityAtTheHostBehindTheAlias() {
    KerberosSettings k = settings("alibuild-runbooks", engineKeytab);

    assertThat(foreman(k, foreman.port()).requireHost("alibuild01").name()).isEqualTo("alibuild01.cern.ch");
    assertThat(certmgr(k).staged("alibuild01")).isNotNull();
    assertThat(roger(k).state("alibuild01")).isPresent();

    // Each service saw a Negotiate token, sent to the dereferenced host (as ai-tools' deref_url).
    assertThat(foreman.requests().get(foreman.requests().size() - 1).headers())
        .hasEntrySatisfying("authorization", a -> assertThat(a).startsWith("Negotiate "))
        .hasEntrySatisfying("host", h -> assertThat(h).startsWith(realHost + ":"));
    assertThat(certmgr.requests().get(certmgr.requests().size() - 1).headers().get("authorization"))
        .startsWith("Negotiate ");
    assertThat(roger.requests().get(roger.requests().size() - 1).headers().get("authorization"))
        .startsWith("Negotiate ");
  }

  @Test
  @Order(1)
  void aHostRegisteredOverKerberosIsOwnedByThePrincipalsUserAsAiBsDoes() {
    ForemanClient client = foreman(settings("alibuild-runbooks", engineKeytab), foreman.port());

    assertThat(client.register("alibuild-bikrb1", "alibuild/mesos/slave", "alibuild_devel").name())
        .isEqualTo("alibuild-bikrb1.cern.ch");
    assertThat(foreman.requests())
        .anySatisfy(r -> assertThat(r.path() + "?" + r.query()).contains("/users").contains("alibuild-runbooks"))
        .anySatisfy(r -> {
          assertThat(r.method() + " " + r.path()).isEqualTo("POST /api/v2/hosts");
          assertThat(r.body()).contains("\"owner_id\":2");
        });
  }

  @Test
  @Order(1)
  void overHttpsTheRequestGoesToTheRealHostWhoseCertificateIsChecked() throws Exception {
    // A certificate for the host behind the alias only, as CERN host certificates are.
    Path keyStore = kdc.dir().resolve("foreman-tls.p12");
    Path caBundle = kdc.dir().resolve("foreman-ca.pem");
    keytool("-genkeypair", "-alias", "foreman", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=" + realHost, "-ext", "SAN=dns:" + realHost, "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "foreman", "-keystore", keyStore.toString(),
        "-storepass", "changeit", "-file", caBundle.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    String service = "HTTP/" + realHost + "@" + TestKdc.REALM;
    try (SimulatedForeman https = new SimulatedForeman(dc, new Faults(), 0, "cern.ch", "alibuild-runbooks", null)
        .withTls(tls).withKerberos(new NegotiateAcceptor(serviceKeytab, service)).start()) {
      ForemanProperties p = new ForemanProperties();
      p.setUrl(URI.create("https://127.0.0.1:" + https.port())); // "the alias": not in the certificate
      p.setCaBundle(caBundle);
      p.setDomain("cern.ch");
      p.setRequestTimeout(Duration.ofSeconds(10));
      p.setAuth(AuthMode.KERBEROS);
      copy(settings("alibuild-runbooks", engineKeytab), p.getKerberos());

      assertThat(new ForemanClient(p).requireHost("alibuild04").name()).isEqualTo("alibuild04.cern.ch");
      assertThat(https.requests()).singleElement()
          .satisfies(r -> assertThat(r.headers().get("host")).startsWith(realHost + ":"));
    }
  }

  private static void keytool(String... args) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }

  @Test
  @Order(2)
  void withoutDereferencingTheAliasTheServicePrincipalIsUnknownAndTheMessageSaysWhatToSet() {
    KerberosSettings k = settings("alibuild-runbooks", engineKeytab);
    k.setDereferenceAlias(false);
    int before = foreman.requests().size();

    assertThatThrownBy(() -> foreman(k, foreman.port()).requireHost("alibuild01"))
        .isInstanceOfSatisfying(ForemanException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(remember(e))
              .contains("no service principal HTTP/127.0.0.1")
              .contains("runbooks.foreman.kerberos.dereference-alias=true");
        });
    assertThat(foreman.requests()).hasSize(before); // nothing sent without a ticket
  }

  @Test
  @Order(3)
  void aServiceHoldingOtherKeysAnswers401AndTheMessageNamesWhatToCheck() throws IOException {
    // The principal exists, but this Foreman runs with the keys of another host.
    Path otherKeys = kdc.keytab("HTTP/foreman-other.example");
    try (SimulatedForeman other = new SimulatedForeman(dc, new Faults(), 0, "cern.ch", null, null)
        .withKerberos(new NegotiateAcceptor(otherKeys, "HTTP/foreman-other.example@" + TestKdc.REALM)).start()) {
      assertThatThrownBy(() -> foreman(settings("alibuild-runbooks", engineKeytab), other.port()).requireHost("alibuild01"))
          .isInstanceOfSatisfying(ForemanException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(remember(e))
                .contains("did not accept the Kerberos ticket of alibuild-runbooks@" + TestKdc.REALM)
                .contains("dereference-alias")
                .contains("clocks");
          });
    }
  }

  @Test
  @Order(4)
  void aStaleKeytabIsRefusedWithWhatToCheck() {
    Path stale = kdc.keytab("alibuild-stale");
    kdc.changeKey("alibuild-stale"); // cern-get-keytab run again elsewhere

    assertThatThrownBy(() -> certmgr(settings("alibuild-stale", stale)).staged("alibuild01"))
        .isInstanceOfSatisfying(CertmgrRefusedException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(remember(e))
              .contains("the keytab " + stale + " does not hold a valid key for alibuild-stale@" + TestKdc.REALM)
              .contains("klist -kt");
        });
  }

  @Test
  @Order(5)
  void aKeytabOfAnotherPrincipalIsRefusedWithWhatToCheck() {
    assertThatThrownBy(() -> roger(settings("alibuild-nobody", engineKeytab)).state("alibuild01"))
        .isInstanceOfSatisfying(RogerRefusedException.class, e ->
            assertThat(remember(e))
                .contains("does not hold a valid key for alibuild-nobody@" + TestKdc.REALM)
                .contains("runbooks.roger.kerberos.principal"));
  }

  @Test
  @Order(6)
  void anExpiredTicketThatCannotBeRenewedIsRefusedWithWhatToDo() throws InterruptedException {
    Path cache = kdc.kinit("alibuild-operator", "operator-password-never-printed");
    KerberosSettings k = settings("alibuild-operator", null);
    k.setKeytab(null);
    k.setTicketCache(cache);
    RogerClient client = roger(k);
    assertThat(client.state("alibuild01")).isPresent(); // while the ticket lives

    Thread.sleep((LIFETIME_SECONDS + 2) * 1000L);

    assertThatThrownBy(() -> client.state("alibuild01"))
        .isInstanceOfSatisfying(RogerRefusedException.class, e ->
            assertThat(remember(e))
                .contains("alibuild-operator@" + TestKdc.REALM)
                .contains("expired")
                .contains("cannot be renewed")
                .contains("kinit")
                .contains("runbooks.roger.kerberos.keytab"));
  }

  @Test
  @Order(7)
  void ticketsAreObtainedAgainAcrossAWaitLongerThanTheirLifetime() throws InterruptedException {
    ForemanClient client = foreman(settings("alibuild-runbooks", engineKeytab), foreman.port());
    assertThat(client.requireHost("alibuild02").name()).isEqualTo("alibuild02.cern.ch");
    long logins = logins();

    Thread.sleep((LIFETIME_SECONDS + 2) * 1000L); // the first TGT and service ticket are dead now

    assertThat(client.requireHost("alibuild03").name()).isEqualTo("alibuild03.cern.ch");
    assertThat(logins()).isEqualTo(logins + 1);
  }

  @Test
  @Order(8)
  void noKeyMaterialTicketOrPasswordReachesTheLogsOrTheMessages() throws IOException {
    List<String> tokens = Stream.of(foreman.requests().stream().map(r -> r.headers().get("authorization")),
            certmgr.requests().stream().map(r -> r.headers().get("authorization")),
            roger.requests().stream().map(r -> r.headers().get("authorization")))
        .flatMap(s -> s)
        .filter(a -> a != null && a.startsWith("Negotiate "))
        .map(a -> a.substring("Negotiate ".length()))
        .toList();
    assertThat(tokens).hasSizeGreaterThanOrEqualTo(5);
    List<String> secrets = new ArrayList<>();
    for (String token : tokens) {
      secrets.add(token.substring(token.length() / 2, token.length() / 2 + 32)); // a piece past the ASN.1 header
    }
    for (Path keytab : List.of(engineKeytab, serviceKeytab)) {
      String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(keytab));
      secrets.add(b64.substring(b64.length() - 40)); // the end of a keytab is key bytes
    }
    secrets.add("operator-password-never-printed");

    List<String> text = new ArrayList<>(thrown);
    for (ILoggingEvent event : logs.list) {
      text.add(event.getFormattedMessage());
      if (event.getThrowableProxy() != null) {
        text.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
      }
    }
    assertThat(String.join("\n", text))
        .contains("has a ticket-granting ticket valid until") // the logs were captured
        .contains("rejected a Negotiate token");
    for (String line : text) {
      for (String secret : secrets) {
        assertThat(line).doesNotContain(secret);
      }
    }
  }

  private long logins() {
    return logs.list.stream()
        .filter(e -> e.getFormattedMessage().startsWith("Kerberos: alibuild-runbooks@"))
        .count();
  }
}
