package org.alisw.runbooks.sandbox;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a simulator really did, per operation and machine: a call answered with an injected fault,
 * refused, or answered 404 changed nothing and is not counted; a call that created, changed or
 * removed something is. Tests read it to prove "no duplicate side effect" after retries (one
 * Foreman host registered, one Certmgr staging, one Roger write per step), where the request logs
 * also hold the failed attempts.
 */
public final class SideEffects {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  /** One applied {@code operation} about {@code host} (any form: short, fully qualified). */
  public void record(String operation, String host) {
    counts.computeIfAbsent(Faults.scoped(operation, host), k -> new AtomicInteger()).incrementAndGet();
  }

  /** How many times {@code operation} about {@code host} was applied. */
  public int count(String operation, String host) {
    AtomicInteger n = counts.get(Faults.scoped(operation, host));
    return n == null ? 0 : n.get();
  }
}
