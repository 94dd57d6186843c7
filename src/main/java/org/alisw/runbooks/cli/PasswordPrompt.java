package org.alisw.runbooks.cli;

/** Reads a password without echo (the terminal's {@code System.console()}); null when there is no terminal. */
@FunctionalInterface
public interface PasswordPrompt {
  char[] readPassword(String prompt);
}
