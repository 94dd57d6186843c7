package org.alisw.runbooks.sandbox;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The sandbox's accounts: an admin and two operators, so that four-eyes approval can be shown with
 * two different people, and an observer of the read-only group. Each password comes from {@code sandbox.accounts.<id>-password} (env {@code
 * SANDBOX_ACCOUNTS_ADMIN_PASSWORD}, {@code ..._OPERATOR1_PASSWORD}, {@code ..._OPERATOR2_PASSWORD}, {@code ..._OBSERVER1_PASSWORD})
 * or, when unset, is generated at start-up and shown once by {@link SandboxWelcome}. They are
 * offered as {@code runbooks.security.users} with the lowest precedence: configured users win.
 */
record SandboxAccounts(List<Account> accounts) {

  static final String SOURCE_NAME = "sandboxAccounts";

  /** One account; {@code generated} says whether its password was made up at this start. */
  record Account(String id, String password, boolean generated, List<String> groups) {
    @Override
    public String toString() {
      return "Account[id=" + id + ", groups=" + groups + "]";
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  static SandboxAccounts fromEnvironment(ConfigurableEnvironment env) {
    String operators = env.getProperty("runbooks.security.operators-group", "alice-agile-admin");
    String admins = env.getProperty("runbooks.security.admin-group", "camunda-admin");
    String observers = env.getProperty("runbooks.security.observers-group", "alice-observers");
    return new SandboxAccounts(
        List.of(
            account(env, "admin", List.of(admins, operators)),
            account(env, "operator1", List.of(operators)),
            account(env, "operator2", List.of(operators)),
            // Read-only: sees Cockpit, history and tasks, changes nothing.
            account(env, "observer1", List.of(observers))));
  }

  private static Account account(ConfigurableEnvironment env, String id, List<String> groups) {
    String configured = env.getProperty("sandbox.accounts." + id + "-password");
    boolean generated = configured == null || configured.isBlank();
    return new Account(id, generated ? randomPassword() : configured, generated, groups);
  }

  private static String randomPassword() {
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }

  MapPropertySource asPropertySource() {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (int i = 0; i < accounts.size(); i++) {
      Account account = accounts.get(i);
      String prefix = "runbooks.security.users[" + i + "].";
      properties.put(prefix + "id", account.id());
      properties.put(prefix + "password", account.password());
      properties.put(prefix + "first-name", account.id());
      properties.put(prefix + "last-name", "(sandbox)");
      properties.put(prefix + "generated-password", account.generated());
      for (int g = 0; g < account.groups().size(); g++) {
        properties.put(prefix + "groups[" + g + "]", account.groups().get(g));
      }
    }
    return new MapPropertySource(SOURCE_NAME, properties);
  }
}
