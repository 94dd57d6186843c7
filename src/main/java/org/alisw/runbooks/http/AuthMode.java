package org.alisw.runbooks.http;

/**
 * {@code runbooks.<service>.auth}: how an HTTP adapter authenticates. Unset keeps the earlier
 * behaviour: HTTP Basic when a username is set, Bearer when only a token is, none otherwise.
 */
public enum AuthMode {
  /** HTTP Basic with {@code username} and {@code password}. */
  PASSWORD,
  /** {@code token}: HTTP Basic with {@code username}, Bearer without. */
  TOKEN,
  /** SPNEGO ({@code Authorization: Negotiate}) with the engine's own principal and keytab. */
  KERBEROS
}
