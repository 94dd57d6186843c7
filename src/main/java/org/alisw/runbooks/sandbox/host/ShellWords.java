package org.alisw.runbooks.sandbox.host;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way a POSIX shell would for the simple lines the runbooks
 * send: blanks, single quotes, double quotes without expansions, backslash escapes. Anything a
 * simulated host cannot honestly execute (separators, pipes, redirections, substitutions, globs)
 * is refused rather than guessed at.
 */
final class ShellWords {

  private static final String UNSUPPORTED = ";|&<>()$`*?[]\n";

  private ShellWords() {}

  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '$' || c == '`' || c == '\\') {
          throw new UnsupportedSyntax(c);
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        inWord = true;
      } else if (c == ' ' || c == '\t') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else if (UNSUPPORTED.indexOf(c) >= 0) {
        throw new UnsupportedSyntax(c);
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new UnsupportedSyntax(quote);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** The line uses shell syntax the simulated host does not implement. */
  static final class UnsupportedSyntax extends IllegalArgumentException {
    UnsupportedSyntax(char c) {
      super("the simulated shell does not support '" + c + "'");
    }
  }
}
