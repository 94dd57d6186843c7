package org.alisw.runbooks.sandbox.host;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.alisw.runbooks.sandbox.SimulatedServer;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * The host keys of the simulated machines: one per server incarnation (its id, so that a server
 * deleted and created again under the same name is a new machine) and generation (bumped by every
 * rebuild, so a rebuilt host presents a fresh key, as a reinstalled VM does).
 */
final class SimulatedHostKeys {

  private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();

  KeyPair current(SimulatedServer server) {
    return keys.computeIfAbsent(server.id() + "#" + server.generation(), k -> generate());
  }

  /**
   * One key pair as the sandbox's world keeps it: X.509 and PKCS#8 encodings, base64. A simulated
   * machine's key guards nothing real; it is kept so a restarted sandbox host presents the same key.
   */
  record StoredKey(String publicKey, String privateKey) {}

  /** Every key handed out so far, by server incarnation ({@code id#generation}). */
  Map<String, StoredKey> snapshot() {
    Map<String, StoredKey> stored = new TreeMap<>();
    keys.forEach(
        (incarnation, pair) ->
            stored.put(
                incarnation,
                new StoredKey(
                    Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()),
                    Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()))));
    return stored;
  }

  /** Takes back the keys of a {@link #snapshot()}, replacing any handed out since start. */
  void restore(Map<String, StoredKey> stored) {
    Map<String, KeyPair> decoded = new TreeMap<>();
    try {
      KeyFactory ec = KeyFactory.getInstance("EC");
      for (Map.Entry<String, StoredKey> e : stored.entrySet()) {
        decoded.put(
            e.getKey(),
            new KeyPair(
                ec.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(e.getValue().publicKey()))),
                ec.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(e.getValue().privateKey())))));
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("a stored host key is not an EC key pair: " + e.getMessage(), e);
    }
    keys.clear();
    keys.putAll(decoded);
  }

  /** ECDSA P-256: quick to generate for a whole data centre, understood by every SSH client. */
  static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is part of every JDK", e);
    }
  }

  /** {@code SHA256:...}, as ssh-keygen -l and a VM's boot console print it. */
  static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
  }

  /** {@code ecdsa-sha2-nistp256 AAAA...}, the key part of a known_hosts or authorized_keys line. */
  static String publicKeyText(PublicKey key) {
    return PublicKeyEntry.toString(key);
  }
}
