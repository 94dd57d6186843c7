package org.alisw.runbooks.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may do what. Users come from configuration or the environment ({@code
 * RUNBOOKS_SECURITY_USERS_0_ID}, {@code RUNBOOKS_SECURITY_USERS_0_PASSWORD}, ...); no demo user
 * exists anywhere.
 *
 * @param operatorsGroup the group that may start runbooks and work on their tasks (the guide's
 *     {@code alice-agile-admin})
 * @param adminGroup the group with every permission (Camunda Admin)
 * @param users accounts created at start-up, their password reset to the configured one
 * @param observersGroup the read-only group: sees Cockpit, history and tasks, changes nothing
 *     (default {@code alice-observers})
 */
@Validated
@ConfigurationProperties("runbooks.security")
public record SecurityProperties(
    @NotBlank String operatorsGroup,
    @NotBlank String adminGroup,
    List<@Valid UserAccount> users,
    @NotBlank String observersGroup) {

  /** The read-only group when configuration names none. */
  public static final String DEFAULT_OBSERVERS_GROUP = "alice-observers";

  @ConstructorBinding
  public SecurityProperties(
      String operatorsGroup, String adminGroup, List<UserAccount> users, @DefaultValue(DEFAULT_OBSERVERS_GROUP) String observersGroup) {
    this.operatorsGroup = operatorsGroup;
    this.adminGroup = adminGroup;
    this.users = users == null ? List.of() : List.copyOf(users);
    this.observersGroup = observersGroup;
    if (observersGroup != null && (observersGroup.equals(operatorsGroup) || observersGroup.equals(adminGroup))) {
      throw new IllegalArgumentException(
          "runbooks.security.observers-group '" + observersGroup + "' must differ from the operators and admin groups:"
              + " it is the read-only group.");
    }
  }

  /** With the default read-only group. */
  public SecurityProperties(String operatorsGroup, String adminGroup, List<UserAccount> users) {
    this(operatorsGroup, adminGroup, users, DEFAULT_OBSERVERS_GROUP);
  }

  /** One configured account. The password never appears in {@link #toString()}. */
  public record UserAccount(
      @NotBlank String id,
      @NotBlank String password,
      String firstName,
      String lastName,
      String email,
      List<String> groups) {

    public UserAccount {
      groups = groups == null ? List.of() : List.copyOf(groups);
    }

    @Override
    public String toString() {
      return "UserAccount[id=" + id + ", groups=" + groups + ", password=****]";
    }
  }
}
