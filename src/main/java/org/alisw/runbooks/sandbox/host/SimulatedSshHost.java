package org.alisw.runbooks.sandbox.host;

import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * The SSH daemon of one simulated machine, on its own loopback port: presents the key of the
 * server's current generation, lets in only the configured user with the configured client key,
 * and refuses connections while the machine is not ACTIVE, deleted, or made unreachable.
 */
final class SimulatedSshHost implements AutoCloseable {

  private final SimulatedServer server;
  private final SimulatedHosts hosts;
  private final SshServer sshd = SshServer.setUpDefaultServer();

  SimulatedSshHost(SimulatedServer server, SimulatedHosts hosts) {
    this.server = server;
    this.hosts = hosts;
  }

  SimulatedSshHost start() throws IOException {
    // Nagle's algorithm off, as for the JDK's HTTP server in the sandbox: otherwise each of the
    // handshake's small messages can wait 40 ms for a delayed ACK (measured: connect, authenticate
    // and one command 103 ms with Nagle on both sides, 18 ms without).
    CoreModuleProperties.TCP_NODELAY.set(sshd, true);
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(session -> List.of(hosts.keys().current(server)));
    sshd.setPublickeyAuthenticator(
        (user, key, session) -> hosts.user().equals(user) && isAuthorized(key));
    sshd.setPasswordAuthenticator(null);
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setCommandFactory(this::command);
    sshd.addSessionListener(new Gate());
    sshd.start();
    return this;
  }

  int port() {
    return sshd.getPort();
  }

  SimulatedServer server() {
    return server;
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
  }

  private boolean isAuthorized(PublicKey key) {
    return hosts.authorizedKeys().stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
  }

  private Command command(ChannelSession channel, String line) {
    String user = channel.getSession().getUsername();
    return new SimulatedCommand(
        hosts.executor(),
        () -> {
          Optional<Faults.Fault> fault = hosts.faults().next(SimulatedHosts.execOperation(server.name()));
          if (fault.isPresent() && fault.get() instanceof Faults.Drop) {
            return null;
          }
          Duration delay =
              (fault.isPresent() && fault.get() instanceof Faults.Latency latency ? latency.delay() : Duration.ZERO)
                  .plus(hosts.commandLatency());
          HostCommandHandler.Answer answer = hosts.handler().answer(server, line, delay);
          // What the command changed is kept before the client sees it; if it cannot be, the
          // command dies (SIGKILL) rather than report a result the world on disk does not hold.
          return hosts.beforeAnswer() ? answer : null;
        },
        exitStatus -> hosts.record(new ReceivedCommand(server.name(), user, line, exitStatus)));
  }

  /**
   * Decides, before the server sends its identification line, whether the machine answers at all:
   * failing here makes sshd close the fresh TCP connection without a byte of SSH, which both the
   * SSH client and the port probe see as a dead host.
   */
  private final class Gate implements SessionListener {
    @Override
    public void sessionEstablished(Session session) {
      Optional<Faults.Fault> fault = hosts.faults().next(SimulatedHosts.connectOperation(server.name()));
      if (fault.isPresent() && fault.get() instanceof Faults.Latency latency) {
        sleep(latency);
      }
      if (fault.isPresent() && fault.get() instanceof Faults.Drop) {
        throw new IllegalStateException(server.name() + " dropped the connection (injected)");
      }
      if (!server.acceptsConnections(hosts.now())) {
        throw new IllegalStateException(server.name() + " does not accept connections");
      }
    }

    private void sleep(Faults.Latency latency) {
      try {
        Thread.sleep(latency.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
