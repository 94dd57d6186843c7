package org.alisw.runbooks.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * {@link Reachability} without ICMP: a TCP connection to the host's SSH port that must be answered
 * with an SSH identification line ({@code SSH-2.0-...}) within the timeout. Used where ping is not
 * available or ICMP is filtered, and by the sandbox, whose hosts share one loopback address. The
 * round-trip time is the TCP handshake's.
 */
final class SshPortProbe implements Reachability {

  private final HostResolver resolver;
  private final int count;
  private final Duration timeout;

  SshPortProbe(HostResolver resolver, int count, Duration timeout) {
    this.resolver = resolver;
    this.count = count;
    this.timeout = timeout;
  }

  @Override
  public PingResult ping(String host) {
    HostAddress address = resolver.resolve(host);
    String target = address.address() + ":" + address.port();
    int received = 0;
    double totalRtt = 0;
    String detail = "";
    for (int i = 0; i < count; i++) {
      try {
        totalRtt += probe(address);
        received++;
      } catch (IOException e) {
        detail = e.getMessage();
      }
    }
    Double average = received == 0 ? null : totalRtt / received;
    String summary =
        count + " probes, " + received + " answered" + (detail.isEmpty() ? "" : "; last failure: " + detail);
    return new PingResult(host, target, "ssh-port", received > 0, count, received, average, summary);
  }

  /** One probe: the TCP handshake's duration in milliseconds, once the SSH banner arrived. */
  private double probe(HostAddress address) throws IOException {
    int millis = (int) timeout.toMillis();
    try (Socket socket = new Socket()) {
      long started = System.nanoTime();
      socket.connect(new InetSocketAddress(address.address(), address.port()), millis);
      double rtt = (System.nanoTime() - started) / 1_000_000.0;
      socket.setSoTimeout(millis);
      String banner = firstLine(socket.getInputStream());
      if (!banner.startsWith("SSH-")) {
        throw new IOException("no SSH identification from " + address.address() + ":" + address.port());
      }
      return rtt;
    }
  }

  private static String firstLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int b;
    while (line.length() < 255 && (b = in.read()) != -1 && b != '\n') {
      line.append((char) b);
    }
    return line.toString().strip();
  }
}
