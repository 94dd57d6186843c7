package org.alisw.runbooks.sandbox.kerberos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.server.KdcConfigKey;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's own KDC (Apache Kerby) on a free loopback TCP port: a realm, the engine's principal
 * with its keytab, the simulated services' {@code HTTP/<host>} principal with theirs, and a
 * krb5.conf naming the KDC, all in one directory. It exists to rehearse the production setup; its
 * keys live as long as the sandbox runs.
 */
final class SandboxKdc implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SandboxKdc.class);

  static final String ENGINE_KEYTAB = "runbooks.keytab";
  static final String SERVICE_KEYTAB = "services.keytab";
  static final String KRB5_CONF = "krb5.conf";

  private final SimpleKdcServer kdc;
  private final String servicePrincipal;

  private SandboxKdc(SimpleKdcServer kdc, String servicePrincipal) {
    this.kdc = kdc;
    this.servicePrincipal = servicePrincipal;
  }

  /**
   * Starts the KDC and writes {@value #KRB5_CONF}, {@value #ENGINE_KEYTAB} ({@code enginePrincipal})
   * and {@value #SERVICE_KEYTAB} ({@code HTTP/<serviceHost>}) into {@code dir}.
   */
  static SandboxKdc start(Path dir, String realm, String enginePrincipal, String serviceHost, Duration ticketLifetime) {
    try {
      Files.createDirectories(dir);
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
        port = probe.getLocalPort();
      }
      SimpleKdcServer kdc = new SimpleKdcServer();
      kdc.setWorkDir(dir.toFile());
      kdc.setKdcRealm(realm);
      kdc.setKdcHost("127.0.0.1");
      kdc.setKdcTcpPort(port);
      kdc.setAllowUdp(false);
      kdc.getKdcConfig().setLong(KdcConfigKey.MAXIMUM_TICKET_LIFETIME, Math.max(5, ticketLifetime.toSeconds()));
      kdc.getKdcConfig().setLong(KdcConfigKey.MINIMUM_TICKET_LIFETIME, 1L);
      kdc.init(); // also points java.security.krb5.conf at DIR/krb5.conf, which we write now
      Path krb5Conf = dir.resolve(KRB5_CONF);
      Files.writeString(krb5Conf, String.join("\n",
          "# The sandbox's KDC (profile sandbox-kerberos); production uses the site's krb5.conf.",
          "[libdefaults]",
          "  default_realm = " + realm,
          "  udp_preference_limit = 1",
          "  dns_lookup_kdc = false",
          "  dns_lookup_realm = false",
          "  dns_canonicalize_hostname = false",
          "  rdns = false",
          "[realms]",
          "  " + realm + " = {",
          "    kdc = 127.0.0.1:" + port,
          "  }",
          ""));
      kdc.start();
      String engine = enginePrincipal.contains("@") ? enginePrincipal : enginePrincipal + "@" + realm;
      String service = "HTTP/" + serviceHost + "@" + realm;
      kdc.createPrincipal(engine);
      kdc.exportPrincipal(engine, dir.resolve(ENGINE_KEYTAB).toFile());
      kdc.createPrincipal(service);
      kdc.exportPrincipal(service, dir.resolve(SERVICE_KEYTAB).toFile());
      log.info("Sandbox KDC for realm {} on 127.0.0.1:{}: {} and {} with keytabs in {}", realm, port, engine, service, dir);
      return new SandboxKdc(kdc, service);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the sandbox KDC in " + dir, e);
    } catch (KrbException e) {
      throw new IllegalStateException("cannot start the sandbox KDC: " + e.getMessage(), e);
    }
  }

  /** The simulated services' principal, {@code HTTP/<host>@REALM}. */
  String servicePrincipal() {
    return servicePrincipal;
  }

  @Override
  public void close() {
    try {
      kdc.stop();
    } catch (KrbException e) {
      log.debug("sandbox KDC did not stop cleanly: {}", e.getMessage());
    }
  }
}
