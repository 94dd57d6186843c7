package org.alisw.runbooks.runbook.verify;

import java.util.Locale;

/**
 * Why puppet exited 1 without running (seen on Puppet 7, docs/shared pitfalls): shown to the
 * operator; the run is counted and tried again like a failed one.
 */
final class PuppetNotRun {

  private PuppetNotRun() {}

  /** A short reason for exit code 1, or null for any other code. */
  static String reason(Integer exit, String output) {
    if (exit == null || exit != 1) {
      return null;
    }
    String text = output == null ? "" : output.toLowerCase(Locale.ROOT);
    if (text.contains("already in progress")) {
      return "another puppet run is in progress";
    }
    if (text.contains("waitforcert") || text.contains("certificate request") || text.contains("could not request certificate")) {
      return "no signed certificate yet";
    }
    if (text.contains("does not match its private key") || text.contains("certificate unknown")) {
      return "the certificate on the host does not match the CA's (rebuilt or revoked)";
    }
    if (text.contains("could not retrieve catalog")) {
      return "the puppet server could not be reached";
    }
    return "puppet exited 1 without applying a catalog";
  }
}
