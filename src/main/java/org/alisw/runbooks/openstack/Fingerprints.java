package org.alisw.runbooks.openstack;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Nova's keypair fingerprint: MD5 of the OpenSSH public key blob, colon-separated hex. */
final class Fingerprints {

  private Fingerprints() {}

  static String md5(String publicKey) {
    String[] parts = publicKey == null ? new String[0] : publicKey.trim().split("\\s+");
    if (parts.length < 2) {
      throw new IllegalArgumentException("not an OpenSSH public key (type, base64 key, comment)");
    }
    try {
      byte[] blob = Base64.getDecoder().decode(parts[1]);
      return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("MD5").digest(blob));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an OpenSSH public key: the key is not base64", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is always available", e);
    }
  }
}
