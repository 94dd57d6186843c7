package org.alisw.runbooks.kerberos;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.client.KrbClient;
import org.apache.kerby.kerberos.kerb.server.KdcConfigKey;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.apache.kerby.kerberos.kerb.type.ticket.TgtTicket;

/**
 * A real KDC for the tests (Apache Kerby), on a free loopback TCP port, with its own realm and a
 * short ticket lifetime so expiry and renewal happen within a test. It writes a krb5.conf naming
 * it, and points the JVM at it ({@code java.security.krb5.conf}) until {@link #close()}, which puts
 * the previous value back: other test classes in the same JVM see nothing of it.
 */
public final class TestKdc implements AutoCloseable {

  public static final String REALM = "RUNBOOKS.TEST";

  private final SimpleKdcServer kdc;
  private final Path dir;
  private final Path krb5Conf;
  private final String previousKrb5Conf;

  private TestKdc(SimpleKdcServer kdc, Path dir, Path krb5Conf, String previousKrb5Conf) {
    this.kdc = kdc;
    this.dir = dir;
    this.krb5Conf = krb5Conf;
    this.previousKrb5Conf = previousKrb5Conf;
  }

  /** Starts a KDC whose tickets live {@code ticketLifetime} (whole seconds, at least 4). */
  public static TestKdc start(Duration ticketLifetime) {
    try {
      Path dir = Files.createTempDirectory("runbooks-kdc");
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        port = probe.getLocalPort();
      }
      SimpleKdcServer kdc = new SimpleKdcServer();
      kdc.setWorkDir(dir.toFile());
      kdc.setKdcRealm(REALM);
      kdc.setKdcHost("127.0.0.1");
      kdc.setKdcTcpPort(port);
      kdc.setAllowUdp(false);
      kdc.getKdcConfig().setLong(KdcConfigKey.MAXIMUM_TICKET_LIFETIME, ticketLifetime.toSeconds());
      kdc.getKdcConfig().setLong(KdcConfigKey.MINIMUM_TICKET_LIFETIME, 1L);
      // Kerby's init() points java.security.krb5.conf at a file of its own: remember what was there.
      String previous = System.getProperty(Krb5Conf.PROPERTY);
      kdc.init();
      // Our own krb5.conf: TCP only, no DNS games. The clock skew stays the default 5 minutes: a
      // busy test machine may take seconds between making a token and the service reading it. An
      // expired ticket is still found at once, by the client: JGSS drops tickets past their end.
      Path krb5Conf = dir.resolve("krb5.conf");
      Files.writeString(krb5Conf, String.join("\n",
          "[libdefaults]",
          "  default_realm = " + REALM,
          "  udp_preference_limit = 1",
          "  dns_lookup_kdc = false",
          "  dns_lookup_realm = false",
          "  dns_canonicalize_hostname = false",
          "  rdns = false",
          "  forwardable = false",
          "[realms]",
          "  " + REALM + " = {",
          "    kdc = 127.0.0.1:" + port,
          "  }",
          ""));
      kdc.start();
      System.setProperty(Krb5Conf.PROPERTY, krb5Conf.toString());
      return new TestKdc(kdc, dir, krb5Conf, previous);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (KrbException e) {
      throw new IllegalStateException("cannot start the test KDC: " + e.getMessage(), e);
    }
  }

  public Path krb5Conf() {
    return krb5Conf;
  }

  public Path dir() {
    return dir;
  }

  /** {@code name@REALM}. */
  public static String principal(String name) {
    return name + "@" + REALM;
  }

  /** Creates {@code name} with a random key and writes its keytab. */
  public Path keytab(String name) {
    try {
      Path keytab = dir.resolve(name.replace('/', '_') + "-" + System.nanoTime() + ".keytab");
      kdc.createPrincipal(principal(name));
      kdc.exportPrincipal(principal(name), keytab.toFile());
      return keytab;
    } catch (KrbException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Gives {@code name} a new random key, as re-running cern-get-keytab elsewhere does. */
  public void changeKey(String name) {
    try {
      kdc.deletePrincipal(principal(name));
      kdc.createPrincipal(principal(name));
    } catch (KrbException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates {@code name} with a password, obtains its TGT and writes it to a ticket cache (kinit). */
  public Path kinit(String name, String password) {
    try {
      kdc.createPrincipal(principal(name), password);
      KrbClient client = kdc.getKrbClient();
      TgtTicket tgt = client.requestTgt(principal(name), password);
      File cache = dir.resolve(name + "-" + System.nanoTime() + ".ccache").toFile();
      client.storeTicket(tgt, cache);
      return cache.toPath();
    } catch (KrbException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      kdc.stop();
    } catch (KrbException e) {
      // stopping a test KDC: nothing to do
    }
    if (previousKrb5Conf == null) {
      System.clearProperty(Krb5Conf.PROPERTY);
    } else {
      System.setProperty(Krb5Conf.PROPERTY, previousKrb5Conf);
    }
  }
}
