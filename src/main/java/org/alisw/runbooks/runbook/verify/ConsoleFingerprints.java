package org.alisw.runbooks.runbook.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host key fingerprints cloud-init prints on a VM's console at first boot, between {@code
 * -----BEGIN SSH HOST KEY FINGERPRINTS-----} and {@code -----END SSH HOST KEY FINGERPRINTS-----}
 * (each line possibly prefixed, e.g. {@code ec2: 256 SHA256:... root@host (ECDSA)}). Only the
 * last complete block counts: the console of a rebuilt VM may still show an earlier boot's.
 */
final class ConsoleFingerprints {

  static final String BEGIN = "-----BEGIN SSH HOST KEY FINGERPRINTS-----";
  static final String END = "-----END SSH HOST KEY FINGERPRINTS-----";
  private static final Pattern SHA256 = Pattern.compile("SHA256:([A-Za-z0-9+/]{43})=?(?![A-Za-z0-9+/])");

  private ConsoleFingerprints() {}

  /** The {@code SHA256:...} fingerprints (unpadded) of the last complete block; empty if none. */
  static List<String> parse(String console) {
    if (console == null) {
      return List.of();
    }
    List<String> last = List.of();
    List<String> block = null;
    for (String line : console.split("\\R")) {
      if (line.contains(BEGIN)) {
        block = new ArrayList<>();
      } else if (line.contains(END)) {
        if (block != null) {
          last = List.copyOf(block);
        }
        block = null;
      } else if (block != null) {
        Matcher m = SHA256.matcher(line);
        while (m.find()) {
          block.add("SHA256:" + m.group(1));
        }
      }
    }
    return last;
  }

  /** {@code fingerprint} in the form {@link #parse} returns: trimmed, without base64 padding. */
  static String canonical(String fingerprint) {
    String trimmed = fingerprint == null ? "" : fingerprint.strip();
    return trimmed.endsWith("=") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
