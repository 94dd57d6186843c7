package org.alisw.runbooks.host;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.SocketFactory;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.password.AcceptAllPasswordAuthenticator;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * What Nagle's algorithm costs one SSH step, measured in one JVM for the benchmark report: sshj
 * connects, authenticates and runs one command against an Apache MINA SSHD server on loopback,
 * with TCP_NODELAY on or off on each side. The client side is the production {@link
 * NoDelaySocketFactory} (SshConnector's) against the JDK's default sockets; the server side is
 * MINA's TCP_NODELAY, the one line the sandbox's simulated hosts set. Variants take turns, so that
 * the machine's noise falls on all of them alike.
 */
public final class SshNagleRoundTrips {

  /** One side's setting: Nagle's algorithm on (the JDK's default) or off. */
  public record Variant(boolean clientNoDelay, boolean serverNoDelay) {
    public String label() {
      return "client " + (clientNoDelay ? "TCP_NODELAY" : "Nagle") + ", server " + (serverNoDelay ? "TCP_NODELAY" : "Nagle");
    }
  }

  private SshNagleRoundTrips() {}

  /** Milliseconds per connect + authenticate + one command, per variant (warm-up rounds dropped). */
  public static Map<Variant, List<Double>> measure(int rounds, int warmUpRounds) throws IOException {
    List<Variant> variants = List.of(new Variant(false, false), new Variant(true, false), new Variant(true, true));
    Map<Variant, SshServer> servers = new LinkedHashMap<>();
    Map<Variant, List<Double>> millis = new LinkedHashMap<>();
    try {
      for (Variant v : variants) {
        servers.put(v, server(v.serverNoDelay()));
        millis.put(v, new ArrayList<>());
      }
      for (int round = 0; round < warmUpRounds + rounds; round++) {
        for (Variant v : variants) {
          double ms = oneStep(servers.get(v).getPort(), v.clientNoDelay() ? NoDelaySocketFactory.INSTANCE : SocketFactory.getDefault());
          if (round >= warmUpRounds) {
            millis.get(v).add(ms);
          }
        }
      }
      return millis;
    } finally {
      for (SshServer s : servers.values()) {
        s.stop(true);
      }
    }
  }

  private static SshServer server(boolean noDelay) throws IOException {
    SshServer sshd = SshServer.setUpDefaultServer();
    CoreModuleProperties.TCP_NODELAY.set(sshd, noDelay);
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
    sshd.setPasswordAuthenticator(AcceptAllPasswordAuthenticator.INSTANCE);
    sshd.setCommandFactory((channel, command) -> new Answer(command));
    sshd.start();
    return sshd;
  }

  /** One SSH step as the runbooks take it: a fresh connection, authentication, one command, its output. */
  private static double oneStep(int port, SocketFactory sockets) throws IOException {
    long began = System.nanoTime();
    try (SSHClient client = new SSHClient()) {
      client.setSocketFactory(sockets);
      // The server is this JVM's own, with a key made for it: nothing to verify.
      client.addHostKeyVerifier(new PromiscuousVerifier());
      client.connect("127.0.0.1", port);
      client.authPassword("bench", "bench");
      try (Session session = client.startSession(); Session.Command command = session.exec("hostname")) {
        String out = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        command.join();
        if (!"bench\n".equals(out) || command.getExitStatus() == null || command.getExitStatus() != 0) {
          throw new IOException("unexpected answer " + out + " / exit " + command.getExitStatus());
        }
      }
    }
    return (System.nanoTime() - began) / 1e6;
  }

  /** Answers any command with one line and exit status 0. */
  private static final class Answer extends AbstractCommandSupport {
    Answer(String command) {
      super(command, null);
    }

    @Override
    public void run() {
      try {
        OutputStream out = getOutputStream();
        out.write("bench\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        onExit(0);
      } catch (IOException e) {
        onExit(1, e.getMessage());
      }
    }
  }
}
