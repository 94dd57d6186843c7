package org.alisw.runbooks.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A database-wide lock for work that must not run on two nodes at once: a row lock ({@code SELECT
 * ... FOR UPDATE}) on the engine's own {@code startup.lock} row of {@code ACT_GE_PROPERTY}, held
 * on a connection of its own until {@link #close()}. The engine's {@code
 * PropertyManager.acquireExclusiveLockForStartup()} would do the same but deliberately does
 * nothing on H2; H2 2.x locks rows, so this one works on H2 and PostgreSQL alike.
 */
final class StartupLock implements AutoCloseable {

  private final Connection connection;

  private StartupLock(Connection connection) {
    this.connection = connection;
  }

  /** Waits for the lock (as long as the database lets a lock wait last). */
  static StartupLock acquire(DataSource dataSource, String tablePrefix) {
    try {
      Connection connection = dataSource.getConnection();
      try {
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT VALUE_ FROM " + tablePrefix + "ACT_GE_PROPERTY WHERE NAME_ = 'startup.lock' FOR UPDATE");
            ResultSet row = lock.executeQuery()) {
          if (!row.next()) {
            throw new IllegalStateException("no startup.lock row in ACT_GE_PROPERTY: is the schema older than 7.14?");
          }
        }
        return new StartupLock(connection);
      } catch (SQLException | RuntimeException e) {
        connection.close();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not take the start-up lock: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try (connection) {
      connection.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException("could not release the start-up lock: " + e.getMessage(), e);
    }
  }
}
