package org.alisw.runbooks.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The data centre's Certmgr stagings: which hosts may fetch a Puppet certificate at their next
 * first boot. The simulated Certmgr serves them over HTTP; a server whose BUILD or REBUILD settles
 * into ACTIVE consumes the oldest staging of its name valid at that moment ({@code certmgr-getcert}
 * in puppetinit) and gets its certificate.
 */
public final class CertificateStagings {

  /** How long a staging stays valid (the real lifetime is Certmgr's; a day is this sandbox's). */
  public static final Duration LIFETIME = Duration.ofDays(1);

  /** One staging, as Certmgr lists it. */
  public record Staging(long id, String hostname, String requestor, Instant start, Instant end) {

    boolean validAt(Instant t) {
      return !t.isBefore(start) && t.isBefore(end);
    }

    boolean isFor(String serverName) {
      String host = hostname.toLowerCase(Locale.ROOT);
      int dot = host.indexOf('.');
      return (dot < 0 ? host : host.substring(0, dot)).equals(serverName.toLowerCase(Locale.ROOT));
    }
  }

  private final List<Staging> stagings = new ArrayList<>();
  private long lastId = 4700;

  /** The stagings and the last id given, for the sandbox's world on disk. */
  record Snapshot(long lastId, List<Staging> stagings) {}

  synchronized Snapshot snapshot() {
    return new Snapshot(lastId, List.copyOf(stagings));
  }

  synchronized void restore(Snapshot snapshot) {
    stagings.clear();
    stagings.addAll(snapshot.stagings() == null ? List.of() : snapshot.stagings());
    lastId = snapshot.lastId();
  }

  /** Stages {@code hostname} (fully qualified, as Certmgr takes it) from {@code now} on. */
  public synchronized Staging stage(String hostname, String requestor, Instant now) {
    Staging s = new Staging(++lastId, hostname, requestor, now, now.plus(LIFETIME));
    stagings.add(s);
    return s;
  }

  /** Every staging not consumed or removed, oldest first. */
  public synchronized List<Staging> all() {
    return List.copyOf(stagings);
  }

  /** The stagings of one fully qualified host name (case-insensitive), oldest first. */
  public synchronized List<Staging> of(String hostname) {
    return stagings.stream().filter(s -> s.hostname().equalsIgnoreCase(hostname)).toList();
  }

  public synchronized Optional<Staging> byId(long id) {
    return stagings.stream().filter(s -> s.id() == id).findFirst();
  }

  /** Removes a staging; false if there was none with this id. */
  public synchronized boolean remove(long id) {
    return stagings.removeIf(s -> s.id() == id);
  }

  /**
   * Consumes the oldest staging of {@code serverName} valid at {@code bootedAt}: true when there was
   * one, and the booted machine gets its certificate.
   */
  synchronized boolean consume(String serverName, Instant bootedAt) {
    Optional<Staging> used =
        stagings.stream()
            .filter(s -> s.isFor(serverName) && s.validAt(bootedAt))
            .min(Comparator.comparing(Staging::start));
    used.ifPresent(stagings::remove);
    return used.isPresent();
  }
}
