package org.alisw.runbooks.openstack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * ai-bs's user data ({@code common.generate_userdata}): a MIME multipart whose first part is the
 * rendered puppetinit script, {@code text/x-shellscript}, an attachment named {@code puppetinit};
 * sent base64-encoded. The boundary is derived from the script so that a retried boot sends the
 * same bytes.
 */
final class PuppetinitUserData {

  private PuppetinitUserData() {}

  /** The MIME document, as Python's email package writes it. */
  static String multipart(String script) {
    boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(script);
    String boundary = "===============" + boundaryDigits(script) + "==";
    String body = script.endsWith("\n") ? script : script + "\n";
    return "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\n"
        + "MIME-Version: 1.0\n"
        + "\n"
        + "--" + boundary + "\n"
        + "Content-Type: text/x-shellscript; charset=\"" + (ascii ? "us-ascii" : "utf-8") + "\"\n"
        + "MIME-Version: 1.0\n"
        + "Content-Transfer-Encoding: " + (ascii ? "7bit" : "8bit") + "\n"
        + "Content-Disposition: attachment; filename=\"puppetinit\"\n"
        + "\n"
        + body
        + "--" + boundary + "--\n";
  }

  /** Nova's {@code user_data}: the multipart, base64. */
  static String encode(String script) {
    return Base64.getEncoder().encodeToString(multipart(script).getBytes(StandardCharsets.UTF_8));
  }

  private static String boundaryDigits(String script) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      long n = 0;
      for (int i = 0; i < 8; i++) {
        n = n << 8 | (digest[i] & 0xff);
      }
      return String.format("%019d", (n >>> 1) % 1_000_000_000_000_000_000L);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
