package org.alisw.runbooks.mesos;

/**
 * A task running on an agent.
 *
 * @param state Mesos task state, for example TASK_RUNNING
 * @param important true when its framework matches the configured important frameworks
 */
public record MesosTask(
    String id,
    String name,
    String state,
    String frameworkId,
    String frameworkName,
    boolean important) {}
