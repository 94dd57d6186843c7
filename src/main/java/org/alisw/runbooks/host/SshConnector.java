package org.alisw.runbooks.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.alisw.runbooks.host.HostException.Reason;

/**
 * Opens SSH connections the one way the runbooks allow: host key verified against the trusted host
 * keys in the database ({@link TrustedHostKeyStore}), public-key authentication from the identity file, every step bounded in time.
 *
 * <p>sshj reads the server's identification line in the calling thread without a timeout of its
 * own, and a socket read timeout would also kill long silent commands later; so the whole
 * handshake (TCP connect, key exchange, authentication) runs under a watchdog that closes the
 * socket when the connect timeout is over.
 */
final class SshConnector implements AutoCloseable {

  private static final long MAX_OUTPUT_LIMIT = 16L * 1024 * 1024;

  private final HostsProperties.Ssh ssh;
  private final Function<String, String> environment;
  private final TrustedHostKeyStore trusted;
  private final Config config = new DefaultConfig();
  private final ExecutorService outputReaders =
      Executors.newCachedThreadPool(daemonThreads("ssh-output"));
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(daemonThreads("ssh-watchdog"));

  /**
   * @param environment looks up environment variables (the identity passphrase); {@code
   *     System::getenv} outside tests
   */
  SshConnector(HostsProperties.Ssh ssh, Function<String, String> environment, TrustedHostKeyStore trusted) {
    long limit = ssh.outputLimit().toBytes();
    if (limit < 1 || limit > MAX_OUTPUT_LIMIT) {
      throw new IllegalArgumentException(
          "runbooks.hosts.ssh.output-limit must be between 1B and 16MB, not " + ssh.outputLimit());
    }
    this.ssh = ssh;
    this.environment = environment;
    this.trusted = trusted;
  }

  /** An authenticated connection to a host whose key the trusted host keys vouch for. */
  SSHClient open(HostAddress address) {
    KnownHostsVerifier verifier = loadKnownHosts(address);
    SSHClient client = newClient(verifier);
    try {
      handshake(client, address, () -> client.authPublickey(ssh.user(), identity(client)));
      return client;
    } catch (IOException e) {
      closeQuietly(client);
      throw failure(address, e, verifier);
    } catch (RuntimeException e) {
      closeQuietly(client);
      throw e;
    }
  }

  /**
   * The key the host presents, read during key exchange; nothing is trusted and no authentication
   * is attempted.
   *
   * @param preferredAlgorithms host key algorithms to negotiate first (those known_hosts already
   *     has for the host), so that the key checked is the one later connections will see
   */
  PublicKey presentedKey(HostAddress address, List<String> preferredAlgorithms) {
    AtomicReference<PublicKey> presented = new AtomicReference<>();
    HostKeyVerifier capture =
        new HostKeyVerifier() {
          @Override
          public boolean verify(String hostname, int port, PublicKey key) {
            presented.set(key);
            return false;
          }

          @Override
          public List<String> findExistingAlgorithms(String hostname, int port) {
            return preferredAlgorithms;
          }
        };
    SSHClient client = newClient(capture);
    try {
      handshake(client, address, () -> {});
    } catch (IOException e) {
      if (presented.get() == null) {
        throw failure(address, e, null);
      }
    } finally {
      closeQuietly(client);
    }
    if (presented.get() == null) {
      throw new HostException(Reason.SSH_ERROR, address.host(), "presented no host key");
    }
    return presented.get();
  }

  /** The keys trusted for the host now, as every node sees them. */
  KnownHostsVerifier loadKnownHosts(HostAddress address) {
    try {
      return new KnownHostsVerifier(trusted.knownHostsText(address.knownHostsName()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the trusted host keys of " + address.knownHostsName(), e);
    }
  }

  /** Starts draining a command's output stream, keeping the configured tail. */
  OutputTail drain(InputStream in) {
    return OutputTail.drain(in, (int) ssh.outputLimit().toBytes(), outputReaders);
  }

  long connectTimeoutMillis() {
    return ssh.connectTimeout().toMillis();
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    outputReaders.shutdownNow();
  }

  private SSHClient newClient(HostKeyVerifier verifier) {
    SSHClient client = new SSHClient(config);
    client.setSocketFactory(NoDelaySocketFactory.INSTANCE);
    client.setConnectTimeout((int) connectTimeoutMillis());
    // Bounds kex, service requests, channel open and close: each is a single round trip.
    client.getTransport().setTimeoutMs((int) connectTimeoutMillis());
    client.getConnection().setTimeoutMs((int) connectTimeoutMillis());
    client.addHostKeyVerifier(verifier);
    return client;
  }

  private interface Step {
    void run() throws IOException;
  }

  private void handshake(SSHClient client, HostAddress address, Step afterConnect)
      throws IOException {
    // Set before the socket is closed: cancel() alone still succeeds while the watchdog is in the
    // middle of closing, and the "Socket closed" it causes would pass for an ordinary SSH error.
    AtomicBoolean fired = new AtomicBoolean();
    ScheduledFuture<?> deadline =
        watchdog.schedule(
            () -> {
              fired.set(true);
              closeQuietly(client);
            },
            connectTimeoutMillis(),
            TimeUnit.MILLISECONDS);
    try {
      client.connect(address.address(), address.port());
      afterConnect.run();
    } catch (IOException e) {
      deadline.cancel(false);
      throw fired.get() ? new HandshakeTimeout(e) : e;
    } catch (RuntimeException e) {
      deadline.cancel(false);
      throw e;
    }
    deadline.cancel(false);
    if (fired.get()) {
      throw new HandshakeTimeout(null);
    }
  }

  private KeyProvider identity(SSHClient client) throws IOException {
    Path file = requiredFile(ssh.identityFile(), "runbooks.hosts.ssh.identity-file", true);
    String passphrase =
        ssh.passphraseEnv().isBlank() ? null : environment.apply(ssh.passphraseEnv());
    if (passphrase == null || passphrase.isEmpty()) {
      return client.loadKeys(file.toString());
    }
    return client.loadKeys(file.toString(), passphrase.toCharArray());
  }

  private static Path requiredFile(String configured, String property, boolean mustExist) {
    if (configured == null || configured.isBlank()) {
      throw new IllegalStateException(property + " is not set");
    }
    Path path = Path.of(configured);
    if (mustExist && !Files.isReadable(path)) {
      throw new IllegalStateException(property + " names " + path + ", which cannot be read");
    }
    return path;
  }

  /** Turns what sshj threw into a reason an operator can act on. */
  private HostException failure(HostAddress address, IOException e, KnownHostsVerifier verifier) {
    String host = address.host();
    String target = address.address() + ":" + address.port();
    if (verifier != null && verifier.rejection().isPresent()) {
      KnownHostsVerifier.Rejection r = verifier.rejection().get();
      String fingerprint = HostKeyFingerprints.of(r.key());
      return r.status() == HostKeyStatus.UNKNOWN
          ? new HostException(
              Reason.HOST_KEY_UNKNOWN,
              host,
              "no trusted key for " + r.knownHostsName() + "; the host presents "
                  + fingerprint + " (accept it only with the audited host key replacement)",
              e)
          : new HostException(
              Reason.HOST_KEY_CHANGED,
              host,
              "the host presents " + fingerprint + ", which is not the key trusted for "
                  + r.knownHostsName() + " (rebuilt, or someone in the middle)",
              e);
    }
    // sshj's own kex/auth timeouts (the same bound as the watchdog's) may fire first.
    if (e instanceof HandshakeTimeout || causedBy(e, TimeoutException.class)) {
      return new HostException(
          Reason.TIMEOUT, host, "no SSH handshake with " + target + " within " + ssh.connectTimeout(), e);
    }
    if (e instanceof UserAuthException) {
      return new HostException(
          Reason.AUTHENTICATION_FAILED, host, "refused the key of user " + ssh.user(), e);
    }
    if (e instanceof UnknownHostException) {
      return new HostException(Reason.CONNECTION_FAILED, host, "cannot resolve " + address.address(), e);
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException
        || e instanceof SocketTimeoutException) {
      return new HostException(Reason.CONNECTION_FAILED, host, "cannot connect to " + target + ": " + e.getMessage(), e);
    }
    if (isEndOfStream(e)) {
      return new HostException(Reason.CONNECTION_FAILED, host, target + " closed the connection", e);
    }
    return new HostException(Reason.SSH_ERROR, host, "SSH failure with " + target + ": " + e, e);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isEndOfStream(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof java.io.EOFException
          || message.contains("EOF")
          || message.contains("closed connection")
          || message.contains("Connection reset")
          || message.contains("Broken pipe")) {
        return true;
      }
    }
    return false;
  }

  static void closeQuietly(SSHClient client) {
    try {
      client.close();
    } catch (IOException | RuntimeException ignored) {
      // Closing a connection that already failed; the first failure is what matters.
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The handshake deadline passed and the watchdog closed the socket. */
  private static final class HandshakeTimeout extends IOException {
    HandshakeTimeout(Throwable cause) {
      super("SSH handshake timed out", cause);
    }
  }
}
