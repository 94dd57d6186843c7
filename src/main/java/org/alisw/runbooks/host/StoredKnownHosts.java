package org.alisw.runbooks.host;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import org.alisw.runbooks.host.HostException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KnownHosts} on the {@link TrustedHostKeyStore} every node shares. The host is asked for
 * its key outside any transaction; only a key whose fingerprint is the confirmed one reaches the
 * store, which writes it with its audit record.
 */
final class StoredKnownHosts implements KnownHosts {

  private static final Logger log = LoggerFactory.getLogger(StoredKnownHosts.class);

  private final HostResolver resolver;
  private final SshConnector connector;
  private final TrustedHostKeyStore store;

  StoredKnownHosts(HostResolver resolver, SshConnector connector, TrustedHostKeyStore store) {
    this.resolver = resolver;
    this.connector = connector;
    this.store = store;
  }

  @Override
  public HostKeyCheck checkHostKey(String host) {
    HostAddress address = resolver.resolve(host);
    KnownHostsVerifier known = connector.loadKnownHosts(address);
    PublicKey key = presentedKey(address, known);
    HostKeyStatus status =
        known.verify(address.address(), address.port(), key)
            ? HostKeyStatus.TRUSTED
            : known.rejection().orElseThrow().status();
    return new HostKeyCheck(
        host,
        address.knownHostsName(),
        HostKeyFingerprints.keyType(key),
        HostKeyFingerprints.of(key),
        status,
        fingerprints(address));
  }

  @Override
  public HostKeyReplacement replaceHostKey(String host, String expectedFingerprint, HostKeyTrust trust) {
    String expected = HostKeyFingerprints.parse(expectedFingerprint);
    Optional<HostKeyReplacement> done = store.replacementOf(trust.stepKey());
    if (done.isPresent() && done.get().newFingerprint().equals(expected)) {
      log.info("Host key of {} already replaced by step {}: {}", host, trust.stepKey(), done.get());
      return done.get();
    }
    HostAddress address = resolver.resolve(host);
    PublicKey key = presentedKey(address, connector.loadKnownHosts(address));
    String presented = HostKeyFingerprints.of(key);
    if (!presented.equals(expected)) {
      log.warn(
          "Refused to trust the host key of {}: it presents {}, the confirmed fingerprint is {}",
          host, presented, expected);
      throw new HostException(
          Reason.HOST_KEY_NOT_CONFIRMED,
          host,
          "presents " + presented + ", not the confirmed " + expected + "; known_hosts unchanged");
    }
    HostKeyReplacement replacement = store.replace(host, address.knownHostsName(), key, trust);
    log.info(
        "Replaced the trusted host keys of {} ({}): old {} -> new {} {}, confirmed by {}",
        host, address.knownHostsName(), replacement.oldFingerprints(), replacement.keyType(), presented,
        trust.trustedBy());
    return replacement;
  }

  @Override
  public int trustedKeyCount() {
    try {
      return store.count();
    } catch (org.springframework.dao.DataAccessException unreadable) {
      throw new IllegalStateException("the trusted host keys cannot be read: " + unreadable.getMessage(), unreadable);
    }
  }

  /** The key the host presents, negotiating first the key types already trusted for it. */
  private PublicKey presentedKey(HostAddress address, KnownHostsVerifier known) {
    return connector.presentedKey(address, known.findExistingAlgorithms(address.address(), address.port()));
  }

  private List<String> fingerprints(HostAddress address) {
    return store.keys(address.knownHostsName()).stream().map(TrustedHostKeyStore.TrustedKey::fingerprint).toList();
  }
}
