package org.alisw.runbooks.host;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.regex.Pattern;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * Host key fingerprints as OpenSSH prints them ({@code ssh-keygen -l}, the boot console of a new
 * VM): {@code SHA256:} and the unpadded base64 of the SHA-256 of the key blob.
 */
final class HostKeyFingerprints {

  private static final Pattern SHA256 = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");

  private HostKeyFingerprints() {}

  static String of(PublicKey key) {
    return ofBlob(blob(key));
  }

  static String ofBlob(byte[] blob) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static byte[] blob(PublicKey key) {
    return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
  }

  static String keyType(PublicKey key) {
    return KeyType.fromKey(key).toString();
  }

  /** The fingerprint in canonical form (no padding), or an exception naming the expected form. */
  static String parse(String fingerprint) {
    String trimmed = fingerprint == null ? "" : fingerprint.strip();
    if (!SHA256.matcher(trimmed).matches()) {
      throw new IllegalArgumentException(
          "a host key fingerprint looks like SHA256:<43 base64 characters>, as printed by"
              + " ssh-keygen -l or the VM's console");
    }
    return trimmed.endsWith("=") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
