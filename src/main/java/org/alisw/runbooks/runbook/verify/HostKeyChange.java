package org.alisw.runbooks.runbook.verify;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What the caller expects of the host key: a new machine, a rebuilt root disk, or the same one. */
enum HostKeyChange {
  /** Just created: no key known yet. */
  NEW,
  /** Root disk rebuilt: a new key is expected. */
  REBUILT,
  /** Rebooted: the key must be the known one; a changed key is never re-trusted. */
  UNCHANGED;

  String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  boolean mayTrustANewKey() {
    return this != UNCHANGED;
  }

  static Optional<HostKeyChange> of(String value) {
    return Arrays.stream(values()).filter(v -> v.value().equals(value)).findFirst();
  }
}
