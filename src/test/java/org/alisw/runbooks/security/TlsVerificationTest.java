package org.alisw.runbooks.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.alisw.runbooks.certmgr.CertmgrClient;
import org.alisw.runbooks.certmgr.CertmgrProperties;
import org.alisw.runbooks.foreman.ForemanClient;
import org.alisw.runbooks.foreman.ForemanProperties;
import org.alisw.runbooks.host.HostsProperties;
import org.alisw.runbooks.mesos.MesosClusterClient;
import org.alisw.runbooks.mesos.MesosProperties;
import org.alisw.runbooks.openstack.OpenStackProperties;
import org.alisw.runbooks.roger.RogerClient;
import org.alisw.runbooks.roger.RogerProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HTTPS adapter verifies the server's certificate and name: pointed at a server with a
 * self-signed certificate it sends no request at all (the handshake fails), and none of them has a
 * setting that turns verification off. Where a CA bundle can be configured (Foreman, Certmgr,
 * Roger), the same server is reached once its certificate is in the bundle, so the refusals are the
 * verification's doing; and a trusted certificate for another name is still refused (host name
 * verification). OpenStack (Keystone and the services): {@code openstack/OpenStackTlsTest}.
 *
 * <p>Plain HTTP is no way around it: credentials go over http only to the exact URL named in the
 * adapter's {@code allow-insecure-url} (CredentialsOverHttpTest).
 */
class TlsVerificationTest {

  @TempDir static Path dir;
  /** Self-signed, for 127.0.0.1. */
  private static SelfSignedHttps loopback;
  /** Self-signed, for another name only. */
  private static SelfSignedHttps elsewhere;

  @BeforeAll
  static void serversWithSelfSignedCertificates() throws Exception {
    loopback = SelfSignedHttps.start(dir, "loopback", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
    elsewhere = SelfSignedHttps.start(dir, "elsewhere", "CN=elsewhere.example", "SAN=dns:elsewhere.example");
  }

  @AfterAll
  static void stop() {
    loopback.close();
    elsewhere.close();
  }

  @BeforeEach
  void noRequestYet() {
    loopback.requests().set(0);
    elsewhere.requests().set(0);
  }

  // --- no adapter talks to a server it cannot verify ---

  @Test
  void foremanRefusesAnUnverifiedServer() {
    assertThat(catchThrowable(() -> new ForemanClient(foreman(loopback, null)).host("alibuild01"))).isNotNull();
    assertThat(loopback.requests()).as("no request reached the server").hasValue(0);
  }

  @Test
  void certmgrRefusesAnUnverifiedServer() {
    assertThat(catchThrowable(() -> new CertmgrClient(certmgr(loopback, null)).staged("alibuild01"))).isNotNull();
    assertThat(loopback.requests()).hasValue(0);
  }

  @Test
  void rogerRefusesAnUnverifiedServer() {
    assertThat(catchThrowable(() -> new RogerClient(roger(loopback, null)).state("alibuild01"))).isNotNull();
    assertThat(loopback.requests()).hasValue(0);
  }

  @Test
  void mesosAndMarathonRefuseAnUnverifiedServer() {
    MesosClusterClient client = new MesosClusterClient(mesos(loopback));
    // The cluster client reports an unreachable master rather than throwing: what counts is that
    // it sent nothing to a server it cannot verify, and learnt nothing from it.
    Throwable leader = catchThrowable(client::leader);
    catchThrowable(client::marathon);
    catchThrowable(client::agents);
    assertThat(leader != null || client.leader().isEmpty()).isTrue();
    assertThat(loopback.requests()).hasValue(0);
  }

  // --- the same server, once trusted, is reached: the refusals above are the verification's ---

  @Test
  void foremanCertmgrAndRogerReachTheServerTheirCaBundleVouchesFor() {
    catchThrowable(() -> new ForemanClient(foreman(loopback, loopback.bundle())).host("alibuild01"));
    assertThat(loopback.requests()).as("Foreman").hasValue(1);
    catchThrowable(() -> new CertmgrClient(certmgr(loopback, loopback.bundle())).staged("alibuild01"));
    assertThat(loopback.requests()).as("Certmgr").hasValue(2);
    catchThrowable(() -> new RogerClient(roger(loopback, loopback.bundle())).state("alibuild01"));
    assertThat(loopback.requests()).as("Roger").hasValue(3);
  }

  @Test
  void aTrustedCertificateForAnotherNameIsRefused() {
    assertThat(catchThrowable(() -> new ForemanClient(foreman(elsewhere, elsewhere.bundle())).host("alibuild01"))).isNotNull();
    assertThat(catchThrowable(() -> new CertmgrClient(certmgr(elsewhere, elsewhere.bundle())).staged("alibuild01"))).isNotNull();
    assertThat(catchThrowable(() -> new RogerClient(roger(elsewhere, elsewhere.bundle())).state("alibuild01"))).isNotNull();
    assertThat(elsewhere.requests()).hasValue(0);
  }

  // --- and no setting switches it off ---

  @Test
  void noAdapterHasASettingThatTurnsTlsOrHostKeyVerificationOff() {
    for (Class<?> properties :
        List.of(ForemanProperties.class, CertmgrProperties.class, RogerProperties.class, MesosProperties.class,
            MesosProperties.Master.class, OpenStackProperties.class, OpenStackProperties.Credentials.class,
            HostsProperties.class, HostsProperties.Ssh.class)) {
      List<String> names = new ArrayList<>();
      for (var method : properties.getMethods()) {
        names.add(method.getName().toLowerCase());
      }
      for (var field : properties.getDeclaredFields()) {
        names.add(field.getName().toLowerCase());
      }
      assertThat(names)
          .as("%s: a setting that could switch TLS or host key verification off", properties.getSimpleName())
          .noneMatch(n -> n.contains("verif") || n.contains("trustall") || n.contains("insecuretls") || n.contains("insecure-tls")
              || n.contains("skipssl") || n.contains("stricthost") || n.contains("ignoressl") || n.contains("hostkeycheck")
              || n.contains("sslverification"));
    }
  }

  // --- fixtures ---

  private static ForemanProperties foreman(SelfSignedHttps server, Path bundle) {
    ForemanProperties p = new ForemanProperties();
    p.setUrl(server.url());
    p.setUsername("runbooks");
    p.setPassword("pw");
    p.setCaBundle(bundle);
    p.setRequestTimeout(Duration.ofSeconds(5));
    return p;
  }

  private static CertmgrProperties certmgr(SelfSignedHttps server, Path bundle) {
    CertmgrProperties p = new CertmgrProperties();
    p.setUrl(server.url());
    p.setUsername("runbooks");
    p.setPassword("pw");
    p.setCaBundle(bundle);
    p.setDomain("cern.ch");
    p.setRequestTimeout(Duration.ofSeconds(5));
    return p;
  }

  private static RogerProperties roger(SelfSignedHttps server, Path bundle) {
    RogerProperties p = new RogerProperties();
    p.setUrl(server.url());
    p.setUsername("runbooks");
    p.setPassword("pw");
    p.setCaBundle(bundle);
    p.setDomain("cern.ch");
    p.setRequestTimeout(Duration.ofSeconds(5));
    return p;
  }

  private static MesosProperties mesos(SelfSignedHttps server) {
    MesosProperties p = new MesosProperties();
    MesosProperties.Master master = new MesosProperties.Master();
    master.setName("alimesos01");
    master.setMesosUrl(server.url());
    master.setMarathonUrl(server.url());
    master.setZookeeper("127.0.0.1:1");
    p.setMasters(List.of(master));
    p.setConnectTimeout(Duration.ofSeconds(2));
    p.setRequestTimeout(Duration.ofSeconds(5));
    return p;
  }
}
