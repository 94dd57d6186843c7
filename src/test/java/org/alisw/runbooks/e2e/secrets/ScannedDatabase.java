package org.alisw.runbooks.e2e.secrets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.alisw.runbooks.e2e.process.PostgresServer;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database a secret-hygiene run gives the engine, and then scans: the same test code for H2
 * (the default profile's file database) and PostgreSQL (the {@code postgres} profile, on a real
 * server started here). Its password is one more secret: the engine gets it the way a deployment
 * hands it over, the scan connects with it.
 */
public enum ScannedDatabase {

  /** A file H2 under the run's directory, created with {@code password}. */
  H2 {
    @Override
    public Opened open(Path directory, String password) {
      String url = "jdbc:h2:file:" + directory.resolve("runbooks");
      JdbcDataSource dataSource = new JdbcDataSource();
      dataSource.setURL(url);
      dataSource.setUser("sa");
      dataSource.setPassword(password);
      return new Opened(
          List.of("--spring.profiles.active=sandbox", "--spring.datasource.url=" + url),
          Map.of(),
          Map.of("spring.datasource.password", password),
          dataSource,
          () -> {});
    }
  },

  /**
   * A PostgreSQL server of its own (scram-sha-256, so the engine really needs the password), the
   * application's {@code postgres} profile, the password in {@code RUNBOOKS_DB_PASSWORD} as
   * application-postgres.yaml reads it.
   */
  POSTGRESQL {
    @Override
    public Opened open(Path directory, String password) {
      PostgresServer server = PostgresServer.start("runbooks", password);
      PGSimpleDataSource dataSource = new PGSimpleDataSource();
      dataSource.setURL(server.jdbcUrl("runbooks"));
      dataSource.setUser("postgres");
      dataSource.setPassword(password);
      return new Opened(
          List.of("--spring.profiles.active=sandbox,postgres"),
          Map.of("RUNBOOKS_DB_URL", server.jdbcUrl("runbooks"),
              "RUNBOOKS_DB_USER", "postgres",
              "RUNBOOKS_DB_PASSWORD", password),
          Map.of(),
          dataSource,
          server::close);
    }
  };

  /** Starts (or prepares) the database for a run whose files go under {@code directory}. */
  public abstract Opened open(Path directory, String password);

  /**
   * A database ready for the engine: its command-line arguments, environment variables and
   * {@code SPRING_APPLICATION_JSON} entries, and a DataSource for the scan afterwards.
   */
  public record Opened(
      List<String> arguments, Map<String, String> environment, Map<String, Object> config,
      DataSource dataSource, Runnable stop) implements AutoCloseable {
    @Override
    public void close() {
      stop.run();
    }
  }
}
