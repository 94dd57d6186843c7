package org.alisw.runbooks.mesos;

import java.util.List;

/**
 * What one agent runs, for "verify that the machine is not running any particularly important
 * task".
 *
 * @param agentId the Mesos agent id, or null when no agent with that host name is registered
 */
public record AgentTasks(String hostname, String agentId, List<MesosTask> tasks) {

  public AgentTasks {
    tasks = List.copyOf(tasks);
  }

  public boolean registered() {
    return agentId != null;
  }

  public List<MesosTask> importantTasks() {
    return tasks.stream().filter(MesosTask::important).toList();
  }

  public boolean runsImportantTasks() {
    return !importantTasks().isEmpty();
  }
}
