package org.alisw.runbooks.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The release at start touches the locks of this node only, and only locks. */
class NodeJobLocksPluginTest {

  private final JdbcDataSource dataSource = new JdbcDataSource();

  @BeforeEach
  void jobs() throws SQLException {
    dataSource.setURL("jdbc:h2:mem:node-job-locks-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE ACT_RU_JOB (ID_ VARCHAR(64) PRIMARY KEY, REV_ INT, LOCK_OWNER_ VARCHAR(255), LOCK_EXP_TIME_ TIMESTAMP)");
      s.execute("INSERT INTO ACT_RU_JOB VALUES ('mine-1', 3, 'node-a', CURRENT_TIMESTAMP + 1)");
      s.execute("INSERT INTO ACT_RU_JOB VALUES ('mine-2', 1, 'node-a', CURRENT_TIMESTAMP + 1)");
      s.execute("INSERT INTO ACT_RU_JOB VALUES ('theirs', 1, 'node-b', CURRENT_TIMESTAMP + 1)");
      s.execute("INSERT INTO ACT_RU_JOB VALUES ('free', 1, NULL, NULL)");
    }
  }

  @Test
  void releasesTheLocksHeldUnderItsOwnIdOnly() throws SQLException {
    assertThat(NodeJobLocksPlugin.releaseLocks(dataSource, "", "node-a")).isEqualTo(2);

    Map<String, String> owners = owners();
    assertThat(owners).containsEntry("mine-1", null).containsEntry("mine-2", null)
        .containsEntry("theirs", "node-b").containsEntry("free", null);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT REV_, LOCK_EXP_TIME_ FROM ACT_RU_JOB WHERE ID_ = 'mine-1'")) {
      r.next();
      assertThat(r.getInt(1)).as("a new revision, so a stale holder's update fails").isEqualTo(4);
      assertThat(r.getTimestamp(2)).isNull();
    }
  }

  @Test
  void aSecondStartFindsNothingLeft() {
    NodeJobLocksPlugin.releaseLocks(dataSource, "", "node-a");
    assertThat(NodeJobLocksPlugin.releaseLocks(dataSource, "", "node-a")).isZero();
  }

  @Test
  void nodeIdIsTrimmedAndEmptyMeansNone() {
    assertThat(new EngineNodeProperties("  node-a ", java.time.Duration.ofSeconds(1)).nodeId()).isEqualTo("node-a");
    assertThat(new EngineNodeProperties(null, java.time.Duration.ofSeconds(1)).hasNodeId()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new EngineNodeProperties("node a'", java.time.Duration.ofSeconds(1)))
        .hasMessageContaining("runbooks.engine.node-id must be letters, digits");
  }

  private Map<String, String> owners() throws SQLException {
    Map<String, String> owners = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT ID_, LOCK_OWNER_ FROM ACT_RU_JOB")) {
      while (r.next()) {
        owners.put(r.getString(1), r.getString(2));
      }
    }
    return owners;
  }
}
