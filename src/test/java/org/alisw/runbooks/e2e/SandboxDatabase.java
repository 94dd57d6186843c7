package org.alisw.runbooks.e2e;

import java.util.Locale;
import java.util.Map;
import org.alisw.runbooks.e2e.process.PostgresServer;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ActiveProfilesResolver;

/**
 * Which database the shared end-to-end context ({@link SandboxTest}) runs on: the system property
 * {@value #PROPERTY} = {@code h2} (default, the in-memory URL of SandboxTest) or {@code postgres}
 * (issue 13: the same classes a second time on a real PostgreSQL, failsafe execution
 * shared-context-postgres of the profile slow).
 *
 * <p>For {@code postgres}, as the resolver of SandboxTest's active profiles it adds the
 * application's own {@code postgres} profile (so application-postgres.yaml is what is tested),
 * and as an initializer of the context it starts one {@link PostgresServer} for that context and
 * puts its URL and account in front of SandboxTest's inlined H2 URL. The server stops when the
 * context closes (registered before any bean, so destroyed after the engine and the data source),
 * or at the latest when the JVM ends.
 */
public final class SandboxDatabase
    implements ActiveProfilesResolver, ApplicationContextInitializer<ConfigurableApplicationContext> {

  public static final String PROPERTY = "runbooks.e2e.database";
  private static final String DATABASE = "runbooks";

  /** The database chosen for this JVM; an unknown value is an error, not a silent H2 run. */
  public static boolean postgres() {
    String chosen = System.getProperty(PROPERTY, "h2").trim().toLowerCase(Locale.ROOT);
    return switch (chosen) {
      case "h2", "" -> false;
      case "postgres", "postgresql" -> true;
      default -> throw new IllegalArgumentException(
          "-D" + PROPERTY + "=" + chosen + ": expected h2 or postgres");
    };
  }

  @Override
  public String[] resolve(Class<?> testClass) {
    return postgres() ? new String[] {"sandbox", "postgres"} : new String[] {"sandbox"};
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    if (!postgres()) {
      return;
    }
    PostgresServer server = PostgresServer.start(DATABASE);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // Spring's own hook closes the context at the same time: let the engine stop first.
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (context.isActive() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          break;
        }
      }
      server.close();
    }, "sandbox-postgres-stop"));
    if (context.getBeanFactory() instanceof DefaultListableBeanFactory beans) {
      beans.registerDisposableBean("sandboxPostgresServer", server::close);
    }
    // Ahead of SandboxTest's inlined properties (and of application-postgres.yaml's defaults).
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("sandboxPostgres", Map.of(
        "spring.datasource.url", server.jdbcUrl(DATABASE),
        "spring.datasource.username", "postgres",
        "spring.datasource.password", "")));
  }
}
