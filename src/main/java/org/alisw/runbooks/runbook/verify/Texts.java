package org.alisw.runbooks.runbook.verify;

/** Text for process variables: Camunda keeps at most 4000 characters in a text variable. */
final class Texts {

  static final int VARIABLE_LIMIT = 4000;

  private Texts() {}

  /** The last {@code limit} characters of {@code text}, marked when cut; null stays null. */
  static String kept(String text, int limit) {
    if (text == null) {
      return null;
    }
    int max = Math.min(limit, VARIABLE_LIMIT);
    if (text.length() <= max) {
      return text;
    }
    String marker = "[... " + (text.length() - max) + " characters cut ...]\n";
    return marker + text.substring(text.length() - (max - marker.length()));
  }
}
