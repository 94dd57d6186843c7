package org.alisw.runbooks.policy;

/**
 * A request that a safety rule of the guide forbids. Its message says which rule and why, in words
 * an operator can act on; it is shown as-is in Tasklist and in REST error bodies.
 */
public class PolicyViolation extends RuntimeException {

  public PolicyViolation(String message) {
    super(message);
  }
}
