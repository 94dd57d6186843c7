package org.alisw.runbooks.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Who the CLI is and its password, never from the command line (argv is visible to every user of
 * the machine in {@code ps}): the user from {@code --user}, {@code RUNBOOK_USER} or the netrc
 * entry; the password from {@code RUNBOOK_PASSWORD}, the netrc entry for the engine's host
 * ({@code --netrc-file}, else {@code ~/.netrc} when it exists), or a prompt on the terminal.
 */
record Credentials(String user, char[] password) {

  static final String USER_VARIABLE = "RUNBOOK_USER";
  static final String PASSWORD_VARIABLE = "RUNBOOK_PASSWORD";

  static Credentials resolve(URI engine, String userOption, Path netrcOption, Map<String, String> env, Path home, PasswordPrompt prompt) {
    String host = engine.getHost();
    String user = blankToNull(userOption);
    if (user == null) {
      user = blankToNull(env.get(USER_VARIABLE));
    }
    Optional<Netrc.Entry> entry = netrc(netrcOption, home).flatMap(n -> n.find(host, userOrNull(userOption, env)));
    if (user == null) {
      user = entry.map(Netrc.Entry::login).orElse(null);
    }
    if (user == null) {
      throw new CliException(Exit.USAGE, "Who are you? Give --user, set " + USER_VARIABLE + ", or add 'machine " + host + " login USER password ...' to your netrc file.");
    }
    String fromEnv = env.get(PASSWORD_VARIABLE);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return new Credentials(user, fromEnv.toCharArray());
    }
    String finalUser = user;
    Optional<String> fromNetrc = entry.filter(e -> e.login() == null || e.login().equals(finalUser)).map(Netrc.Entry::password);
    if (fromNetrc.isPresent()) {
      return new Credentials(user, fromNetrc.get().toCharArray());
    }
    char[] typed = prompt == null ? null : prompt.readPassword("Password for " + user + " at " + host + ": ");
    if (typed == null) {
      throw new CliException(Exit.NOT_CONNECTED, "No password for " + user + ": no terminal to ask on; set " + PASSWORD_VARIABLE
          + " or add 'machine " + host + " login " + user + " password ...' to ~/.netrc (or --netrc-file).");
    }
    return new Credentials(user, typed);
  }

  private static String userOrNull(String userOption, Map<String, String> env) {
    String user = blankToNull(userOption);
    return user != null ? user : blankToNull(env.get(USER_VARIABLE));
  }

  private static Optional<Netrc> netrc(Path option, Path home) {
    if (option != null) {
      if (!Files.isReadable(option)) {
        throw new CliException(Exit.USAGE, "--netrc-file " + option + " does not exist or cannot be read");
      }
      return Optional.of(Netrc.read(option));
    }
    Path standard = home == null ? null : home.resolve(".netrc");
    return standard != null && Files.isReadable(standard) ? Optional.of(Netrc.read(standard)) : Optional.empty();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  @Override
  public String toString() {
    return "Credentials[user=" + user + ", password=***]";
  }
}
