package org.alisw.runbooks.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the job executor a stable lock owner ({@code runbooks.engine.node-id}) and, when the node
 * starts, releases the jobs still locked under it. Such locks belong to this node's previous run,
 * killed while it executed them (SIGKILL, power cut, OOM): their transactions never committed, so
 * the steps did not happen as far as the engine knows, and without this they would wait for the
 * lock to expire ({@code camunda.bpm.job-execution.lock-time-in-millis}, 40 minutes) before any
 * node ran them again. Locks of other nodes are never touched. The steps themselves are
 * idempotent per step (StepKey, the Foreman marker), so running one again adopts what it did.
 */
class NodeJobLocksPlugin extends AbstractProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(NodeJobLocksPlugin.class);

  private final String nodeId;
  private ProcessEngineConfigurationImpl configuration;

  NodeJobLocksPlugin(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    this.configuration = configuration;
    if (!nodeId.isEmpty() && configuration.getJobExecutor() != null) {
      configuration.getJobExecutor().setLockOwner(nodeId);
    }
  }

  /** After the schema exists and before the job executor acquires its first job. */
  @Override
  public void postProcessEngineBuild(ProcessEngine processEngine) {
    if (nodeId.isEmpty()) {
      return;
    }
    int released = releaseLocks(configuration.getDataSource(), configuration.getDatabaseTablePrefix(), nodeId);
    if (released > 0) {
      log.warn(
          "Node {} released {} job lock(s) it still held from its previous run, which ended without"
              + " finishing them (killed?): those steps run again now, each adopting what it had done",
          nodeId, released);
    } else {
      log.info("Node {}: no job locks left from a previous run", nodeId);
    }
  }

  static int releaseLocks(DataSource dataSource, String tablePrefix, String owner) {
    String prefix = tablePrefix == null ? "" : tablePrefix;
    String sql =
        "UPDATE " + prefix + "ACT_RU_JOB SET LOCK_OWNER_ = NULL, LOCK_EXP_TIME_ = NULL, REV_ = REV_ + 1"
            + " WHERE LOCK_OWNER_ = ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(sql)) {
      update.setString(1, owner);
      int released = update.executeUpdate();
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      return released;
    } catch (SQLException e) {
      throw new IllegalStateException("could not release the job locks of node " + owner + ": " + e.getMessage(), e);
    }
  }
}
