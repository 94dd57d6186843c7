package org.alisw.runbooks.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A netrc file as curl and ftp read it: {@code machine HOST login USER password SECRET} entries
 * (any layout of whitespace and newlines; {@code "quoted tokens"}), a {@code default} entry, and
 * {@code macdef} blocks skipped up to the next empty line.
 */
final class Netrc {

  /** One entry; {@code machine} null for {@code default}. */
  record Entry(String machine, String login, String password) {}

  private final List<Entry> entries;

  private Netrc(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  static Netrc read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CliException(Exit.NOT_CONNECTED, "Cannot read netrc file " + file + ": " + e.getMessage());
    }
  }

  static Netrc parse(String text) {
    List<Entry> entries = new ArrayList<>();
    Tokens tokens = new Tokens(text);
    String machine = null;
    String login = null;
    String password = null;
    boolean inEntry = false;
    for (String token = tokens.next(); token != null; token = tokens.next()) {
      switch (token) {
        case "machine", "default" -> {
          if (inEntry) {
            entries.add(new Entry(machine, login, password));
          }
          inEntry = true;
          machine = token.equals("machine") ? required(tokens, token) : null;
          login = null;
          password = null;
        }
        case "login" -> login = required(tokens, token);
        case "password" -> password = required(tokens, token);
        case "account", "port" -> required(tokens, token);
        case "macdef" -> tokens.skipMacro();
        default -> throw new CliException(Exit.USAGE, "netrc: unexpected '" + token + "' (expected machine, default, login, password, account or macdef)");
      }
    }
    if (inEntry) {
      entries.add(new Entry(machine, login, password));
    }
    return new Netrc(entries);
  }

  private static String required(Tokens tokens, String keyword) {
    String value = tokens.next();
    if (value == null) {
      throw new CliException(Exit.USAGE, "netrc: '" + keyword + "' without a value at the end of the file");
    }
    return value;
  }

  /**
   * The entry for {@code host} (and {@code login}, when given): the first matching machine entry,
   * else the default entry; as curl does.
   */
  Optional<Entry> find(String host, String login) {
    for (Entry entry : entries) {
      if (entry.machine() != null && entry.machine().equalsIgnoreCase(host) && (login == null || login.equals(entry.login()))) {
        return Optional.of(entry);
      }
    }
    return entries.stream()
        .filter(e -> e.machine() == null && (login == null || e.login() == null || login.equals(e.login())))
        .findFirst();
  }

  List<Entry> entries() {
    return entries;
  }

  /** Whitespace-separated tokens, with double quotes and backslash escapes inside them. */
  private static final class Tokens {
    private final String text;
    private int at;

    Tokens(String text) {
      this.text = text;
    }

    String next() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      if (at >= text.length()) {
        return null;
      }
      StringBuilder token = new StringBuilder();
      if (text.charAt(at) == '"') {
        at++;
        while (at < text.length() && text.charAt(at) != '"') {
          char c = text.charAt(at++);
          if (c == '\\' && at < text.length()) {
            c = text.charAt(at++);
          }
          token.append(c);
        }
        at++; // closing quote
        return token.toString();
      }
      while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
        token.append(text.charAt(at++));
      }
      return token.toString();
    }

    /** macdef NAME, then its lines up to an empty line. */
    void skipMacro() {
      next();
      int end = text.indexOf("\n\n", at);
      at = end < 0 ? text.length() : end + 2;
    }
  }
}
