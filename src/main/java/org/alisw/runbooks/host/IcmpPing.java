package org.alisw.runbooks.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.alisw.runbooks.host.HostException.Reason;

/**
 * {@link Reachability} through the system's {@code ping}: the configured argument template (no
 * shell involved) with {@code {count}}, {@code {deadline}} (whole seconds) and {@code {address}}
 * filled in. The defaults are iputils' options; BSD ping needs another template. Exit status 0 and
 * 1 are answers (reachable, not reachable); any other status means the probe itself failed.
 */
final class IcmpPing implements Reachability {

  private static final Pattern PACKETS =
      Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received");
  private static final Pattern RTT =
      Pattern.compile("(?:rtt|round-trip) min/avg/max/(?:mdev|stddev) = [\\d.]+/([\\d.]+)/");
  private static final int OUTPUT_LIMIT = 16 * 1024;
  /** ping's complaint comes first; the head of its output is enough for an incident message. */
  private static final int MESSAGE_OUTPUT_LIMIT = 400;

  private final HostResolver resolver;
  private final List<String> template;
  private final int count;
  private final Duration timeout;

  IcmpPing(HostResolver resolver, String commandTemplate, int count, Duration timeout) {
    if (!commandTemplate.contains("{address}")) {
      throw new IllegalArgumentException(
          "runbooks.hosts.ping.command must contain {address}: " + commandTemplate);
    }
    this.resolver = resolver;
    this.template = Arrays.asList(commandTemplate.strip().split("\\s+"));
    this.count = count;
    this.timeout = timeout;
  }

  @Override
  public PingResult ping(String host) {
    HostAddress address = resolver.resolve(host);
    Process process = start(arguments(address.address()));
    try {
      // ping's own deadline ends it; the extra second covers start-up before it gives up.
      if (!process.waitFor(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw misconfigured(host, "did not end by its own deadline ({deadline} not honoured?)", "");
      }
      String output = read(process.getInputStream());
      int exit = process.exitValue();
      // iputils and BSD ping: 0 = answered, 1 = no answer; anything else (2 = could not ping at
      // all, 128+n = killed) says nothing about the host and must not pass for "host down".
      if (exit != 0 && exit != 1) {
        throw misconfigured(host, "exited with exit status " + exit, output);
      }
      return parse(host, address.address(), output);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pinging " + host, e);
    }
  }

  List<String> arguments(String address) {
    long deadline = Math.max(1, (timeout.toMillis() + 999) / 1000);
    List<String> arguments = new ArrayList<>();
    for (String word : template) {
      arguments.add(
          word.replace("{count}", Integer.toString(count))
              .replace("{deadline}", Long.toString(deadline))
              .replace("{address}", address));
    }
    return arguments;
  }

  private static Process start(List<String> arguments) {
    try {
      return new ProcessBuilder(arguments).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run '" + arguments.get(0) + "' (runbooks.hosts.ping.command); is ping installed?", e);
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readNBytes(OUTPUT_LIMIT), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static HostException misconfigured(String host, String what, String output) {
    String head = output.strip();
    if (head.length() > MESSAGE_OUTPUT_LIMIT) {
      head = head.substring(0, MESSAGE_OUTPUT_LIMIT) + "...";
    }
    return new HostException(
        Reason.PROBE_FAILED,
        host,
        "ping " + what + ": the probe is misconfigured or cannot run here (runbooks.hosts.ping.command;"
            + " no permission for ICMP sockets, a wrong option, or an unresolvable name)"
            + (head.isEmpty() ? "" : ": " + head));
  }

  /** Reads iputils' and BSD's summary lines; no summary means no answer. */
  static PingResult parse(String host, String target, String output) {
    Matcher packets = PACKETS.matcher(output);
    if (!packets.find()) {
      return new PingResult(host, target, "icmp", false, 0, 0, null, lastLine(output));
    }
    int sent = Integer.parseInt(packets.group(1));
    int received = Integer.parseInt(packets.group(2));
    Matcher rtt = RTT.matcher(output);
    Double average = received > 0 && rtt.find() ? Double.valueOf(rtt.group(1)) : null;
    return new PingResult(host, target, "icmp", received > 0, sent, received, average, packets.group(0));
  }

  private static String lastLine(String output) {
    String trimmed = output.strip();
    return trimmed.substring(trimmed.lastIndexOf('\n') + 1);
  }
}
