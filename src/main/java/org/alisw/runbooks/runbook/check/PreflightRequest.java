package org.alisw.runbooks.runbook.check;

import static org.alisw.runbooks.runbook.Variables.PROJECT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.alisw.runbooks.openstack.OpenStackProperties;
import org.alisw.runbooks.runbook.RequestRejected;
import org.alisw.runbooks.runbook.RunbookVariables;
import org.alisw.runbooks.runbook.guard.RequestCheck;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The preflight's request: optionally one OpenStack project key ({@code project}), else every
 * project of {@code runbooks.preflight.projects}. Refused at start when the key is not configured
 * (HTTP 400, no instance); the checks run the same test again on the project they look at.
 */
@Component("preflightRequest")
public class PreflightRequest implements RequestCheck {

  /** Project key → OpenStack project name, in configuration order. */
  private final Map<String, String> configured;
  private final List<String> toCheck;
  private final PreflightProperties preflight;

  @Autowired
  PreflightRequest(OpenStackProperties openStack, PreflightProperties preflight) {
    this(projectNames(openStack), preflight);
  }

  /**
   * @param configured project key → OpenStack project name, as runbooks.openstack.projects says
   */
  public PreflightRequest(Map<String, String> configured, PreflightProperties preflight) {
    this.configured = Map.copyOf(configured);
    this.preflight = preflight;
    List<String> keys = preflight.projects().isEmpty() ? new ArrayList<>(configured.keySet()) : preflight.projects();
    for (String key : keys) {
      if (!configured.containsKey(key)) {
        throw new IllegalArgumentException(
            "runbooks.preflight.projects names '" + key + "', which is not in runbooks.openstack.projects "
                + new TreeSet<>(configured.keySet()));
      }
    }
    this.toCheck = List.copyOf(keys);
  }

  private static Map<String, String> projectNames(OpenStackProperties openStack) {
    Map<String, String> names = new java.util.LinkedHashMap<>();
    openStack.projects().forEach((key, credentials) ->
        names.put(key, credentials == null || credentials.projectName() == null ? key : credentials.projectName()));
    return names;
  }

  /** The project keys the preflight checks, comma-separated, as the start stored them. */
  public static final String PROJECTS_TO_CHECK = "projectsToCheck";

  /** Refuses an unknown {@code project}; stores the keys to check ({@value #PROJECTS_TO_CHECK}). */
  @Override
  public void checkAtStart(DelegateExecution execution) {
    execution.setVariable(PROJECTS_TO_CHECK, String.join(",", projectsToCheck(execution)));
  }

  /** The project keys to check: the one asked for ({@code project}), else the configured ones. */
  List<String> projectsToCheck(VariableScope variables) {
    String asked = RunbookVariables.stringOr(variables, PROJECT, null);
    if (asked == null) {
      return toCheck;
    }
    return List.of(requireConfigured(asked));
  }

  /**
   * The keys stored at start, each checked again: the multi-instance sub-process iterates over
   * them ({@code ${preflightRequest.projects(projectsToCheck)}}), its element variable being
   * {@code project}.
   */
  public List<String> projects(String projectsToCheck) {
    if (projectsToCheck == null || projectsToCheck.isBlank()) {
      throw new RequestRejected(PROJECTS_TO_CHECK, "No projects to check were stored at start: the preflight did not pass its start checks.");
    }
    return java.util.Arrays.stream(projectsToCheck.split(",")).map(String::trim).map(this::requireConfigured).toList();
  }

  /** The project key, when it is a configured one; refused otherwise. */
  String requireConfigured(String project) {
    if (project == null || !configured.containsKey(project)) {
      throw new RequestRejected(
          PROJECT, "Unknown OpenStack project '" + project + "': use one of " + new TreeSet<>(configured.keySet()) + ".");
    }
    return project;
  }

  /** The project of the check running in {@code variables} (the sub-process's element variable), checked again. */
  String project(VariableScope variables) {
    return requireConfigured(RunbookVariables.stringOr(variables, PROJECT, null));
  }

  /** The OpenStack project name of a key ({@code ALICE Release Testing}), for messages. */
  String projectName(String project) {
    return configured.getOrDefault(project, project);
  }

  PreflightProperties settings() {
    return preflight;
  }
}
