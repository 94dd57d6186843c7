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

/**
 * {@link Reachability} through the system's {@code ping}: the configured argument template (no
 * shell involved) with {@code {count}}, {@code {deadline}} (whole seconds) and {@code {address}}
 * filled in. The defaults are iputils' options; BSD ping needs another template.
 */
final class IcmpPing implements Reachability {

  private static final Pattern PACKETS =
      Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received");
  private static final Pattern RTT =
      Pattern.compile("(?:rtt|round-trip) min/avg/max/(?:mdev|stddev) = [\\d.]+/([\\d.]+)/");
  private static final int OUTPUT_LIMIT = 16 * 1024;

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
        return new PingResult(host, address.address(), "icmp", false, count, 0, null, "ping did not finish");
      }
      return parse(host, address.address(), read(process.getInputStream()));
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
