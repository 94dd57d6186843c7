package org.alisw.runbooks.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DNS names with an optional domain suffix and the standard SSH port, unless an address file lists
 * the host. The address file ({@code name address[:port]} per line, {@code #} comments) is read
 * again whenever it changes, so a host that appears while the engine runs is found without a
 * restart; production usually has none, the sandbox writes one for its simulated hosts.
 */
final class ConfiguredHostResolver implements HostResolver {

  private static final Logger log = LoggerFactory.getLogger(ConfiguredHostResolver.class);

  private final String domainSuffix;
  private final int sshPort;
  private final Path addressFile;
  private Snapshot snapshot = new Snapshot(null, -1, Map.of());

  ConfiguredHostResolver(String domainSuffix, int sshPort, Path addressFile) {
    this.domainSuffix = normalizeSuffix(domainSuffix);
    this.sshPort = sshPort;
    this.addressFile = addressFile;
  }

  @Override
  public HostAddress resolve(String host) {
    HostArguments.host(host);
    HostAddress listed = listed().get(host);
    if (listed != null) {
      return listed;
    }
    String address = host.contains(".") || domainSuffix.isEmpty() ? host : host + domainSuffix;
    return new HostAddress(host, address, sshPort);
  }

  private synchronized Map<String, HostAddress> listed() {
    if (addressFile == null || !Files.exists(addressFile)) {
      return Map.of();
    }
    try {
      FileTime modified = Files.getLastModifiedTime(addressFile);
      long size = Files.size(addressFile);
      if (!modified.equals(snapshot.modified) || size != snapshot.size) {
        snapshot = new Snapshot(modified, size, parse(Files.readAllLines(addressFile)));
      }
      return snapshot.addresses;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the address file " + addressFile, e);
    }
  }

  private Map<String, HostAddress> parse(List<String> lines) {
    Map<String, HostAddress> addresses = new HashMap<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        HostAddress address = parseLine(line);
        addresses.put(address.host(), address);
      } catch (IllegalArgumentException e) {
        log.warn("Ignoring line '{}' of {}: {}", line, addressFile, e.getMessage());
      }
    }
    return Map.copyOf(addresses);
  }

  private HostAddress parseLine(String line) {
    String[] fields = line.split("\\s+");
    if (fields.length != 2) {
      throw new IllegalArgumentException("expected 'name address[:port]'");
    }
    String target = fields[1];
    int colon = target.lastIndexOf(':');
    int port = sshPort;
    if (colon >= 0) {
      port = Integer.parseInt(target.substring(colon + 1));
      target = target.substring(0, colon);
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range");
      }
    }
    return new HostAddress(HostArguments.host(fields[0]), HostArguments.address(target), port);
  }

  private static String normalizeSuffix(String suffix) {
    if (suffix == null || suffix.isBlank()) {
      return "";
    }
    return suffix.startsWith(".") ? suffix : "." + suffix;
  }

  private record Snapshot(FileTime modified, long size, Map<String, HostAddress> addresses) {
    Snapshot {
      Objects.requireNonNull(addresses);
    }
  }
}
