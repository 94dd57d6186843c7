package org.alisw.runbooks.runbook.lifecycle;

import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.AGENT_TASKS;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.IMPORTANT_TASKS;
import static org.alisw.runbooks.runbook.lifecycle.LifecycleVariables.RUNS_IMPORTANT_TASKS;

import java.util.List;
import java.util.stream.Collectors;
import org.alisw.runbooks.mesos.AgentTasks;
import org.alisw.runbooks.mesos.ClusterPort;
import org.alisw.runbooks.mesos.MesosTask;
import org.alisw.runbooks.runbook.guard.StepRefusal;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Verify that the machine is not running any particularly important task, by looking at the
 * report in the Mesos GUI": the tasks Mesos runs on the agent, as text the next task shows, and
 * whether any belongs to a configured important framework ({@code runbooks.mesos.important-frameworks}).
 */
@Component("listAgentTasks")
class ListAgentTasksDelegate implements JavaDelegate {

  private final ClusterPort cluster;
  private final LifecycleChecks checks;

  ListAgentTasksDelegate(ClusterPort cluster, LifecycleChecks checks) {
    this.cluster = cluster;
    this.checks = checks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    StepRefusal.guard(execution, () -> {
      AgentTasks tasks = cluster.tasksOn(checks.hostname(execution));
      execution.setVariable(AGENT_TASKS, describe(tasks, tasks.tasks()));
      execution.setVariable(IMPORTANT_TASKS, tasks.runsImportantTasks() ? lines(tasks.importantTasks()) : "none");
      execution.setVariable(RUNS_IMPORTANT_TASKS, tasks.runsImportantTasks());
    });
  }

  private static String describe(AgentTasks agent, List<MesosTask> tasks) {
    if (!agent.registered()) {
      return "The agent " + agent.hostname() + " is not registered with the Mesos master: it runs no Mesos task.";
    }
    return tasks.isEmpty() ? "none" : lines(tasks);
  }

  private static String lines(List<MesosTask> tasks) {
    return tasks.stream()
        .map(t -> t.name() + " (framework " + t.frameworkName() + ", " + t.state() + (t.important() ? ", IMPORTANT" : "") + ")")
        .collect(Collectors.joining("\n"));
  }
}
