package org.alisw.runbooks.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults injected into a simulator, per operation name (for example {@code nova.reboot}): each
 * injected fault hits the next N calls of that operation, then the operation behaves again. An
 * outage ({@link #failUntilCleared}) hits every call until {@link #clear(String)} ends it.
 */
public final class Faults {

  /** What an injected fault does to one call. */
  public sealed interface Fault permits HttpStatus, Latency, Drop, StallBody {}

  /** Answer with this HTTP status and message instead of doing the operation. */
  public record HttpStatus(int status, String message) implements Fault {}

  /** Do the operation, but only after this delay. */
  public record Latency(Duration delay) implements Fault {}

  /** Close the connection without answering. */
  public record Drop() implements Fault {}

  /**
   * Do the operation and send the status and headers at once, but hold the body back this long: a
   * server that hangs mid-answer, which a client's header timeout alone does not catch.
   */
  public record StallBody(Duration delay) implements Fault {}

  private final Map<String, Deque<Fault>> pending = new ConcurrentHashMap<>();
  private final Map<String, Fault> outages = new ConcurrentHashMap<>();

  /** The next {@code times} calls of {@code operation} suffer {@code fault}. */
  public void inject(String operation, Fault fault, int times) {
    Deque<Fault> queue = pending.computeIfAbsent(operation, k -> new ArrayDeque<>());
    synchronized (queue) {
      for (int i = 0; i < times; i++) {
        queue.addLast(fault);
      }
    }
  }

  /**
   * Every call of {@code operation} suffers {@code fault} until {@link #clear(String)}: an outage
   * (a service down, a host refusing connections) rather than a hiccup. Counted faults injected
   * with {@link #inject} come first.
   */
  public void failUntilCleared(String operation, Fault fault) {
    outages.put(operation, fault);
  }

  /** The fault for this call of {@code operation}, consumed, if one is pending or an outage lasts. */
  public Optional<Fault> next(String operation) {
    Deque<Fault> queue = pending.get(operation);
    if (queue != null) {
      synchronized (queue) {
        Fault fault = queue.pollFirst();
        if (fault != null) {
          return Optional.of(fault);
        }
      }
    }
    return Optional.ofNullable(outages.get(operation));
  }

  /**
   * The operation name of {@code operation} scoped to one machine: {@code operation@alibuild91},
   * whatever form the host is given in ({@code alibuild91}, {@code alibuild91.cern.ch}, any case).
   * A fault injected under this name hits only the calls about that machine, so tests sharing a
   * simulator do not meet each other's faults.
   */
  public static String scoped(String operation, String host) {
    return operation + "@" + shortName(host);
  }

  /** The machine's first label, lower case: the scope of {@link #scoped}. */
  public static String shortName(String host) {
    String name = host.strip().toLowerCase(Locale.ROOT);
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /**
   * The fault for this call of {@code operation} about {@code host}: one injected under {@link
   * #scoped(String, String)} first, else one for the operation as a whole. A null or blank host
   * (a call about no machine) only meets the operation's own faults.
   */
  public Optional<Fault> next(String operation, String host) {
    if (host == null || host.isBlank()) {
      return next(operation);
    }
    return next(scoped(operation, host)).or(() -> next(operation));
  }

  /** Ends the outage of {@code operation} and drops its pending faults; other operations keep theirs. */
  public void clear(String operation) {
    outages.remove(operation);
    pending.remove(operation);
  }

  public void clear() {
    pending.clear();
    outages.clear();
  }
}
