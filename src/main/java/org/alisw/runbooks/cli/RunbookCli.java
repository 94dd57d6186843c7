package org.alisw.runbooks.cli;

import static org.alisw.runbooks.cli.EngineClient.q;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code runbook}: the engine's runbooks from a terminal, over {@code /engine-rest} only (no Spring,
 * no engine classes): list, start, status, follow, tasks, approve, reject, suspend, resume.
 * Packaged in the project's jar, run by {@code bin/runbook}.
 */
@Command(
    name = "runbook",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    version = "runbook (infra-runbooks)",
    description = "Start, follow and decide the ALICE build-infrastructure runbooks from a terminal.",
    subcommands = {
      RunbookCli.ListRunbooks.class,
      RunbookCli.Start.class,
      RunbookCli.Status.class,
      RunbookCli.FollowRunbook.class,
      RunbookCli.Tasks.class,
      TaskDecision.Approve.class,
      TaskDecision.Reject.class,
      RunbookCli.Suspend.class,
      RunbookCli.Resume.class
    },
    footer = {
      "",
      "Password: RUNBOOK_PASSWORD, the netrc entry of the engine's host",
      "  (--netrc-file, else ~/.netrc), or a prompt; never on the command line.",
      "User: --user, RUNBOOK_USER or the netrc entry. Help: runbook COMMAND --help",
      "Exit: 0 done (follow: completed), 1 runbook failed or cancelled,",
      "  2 refused by the server, 3 waiting for a human,",
      "  4 engine not reached or credentials refused, 64 bad command line."
    })
public final class RunbookCli {

  /**
   * What the CLI takes from its surroundings; tests give their own. {@code terminal}: a person
   * watches (the progress bar is drawn); otherwise {@code follow} prints lines only, for logs.
   */
  public record Environment(Map<String, String> variables, Path home, PasswordPrompt prompt, PrintStream out, PrintStream err, boolean terminal) {

    public static Environment system() {
      Console console = System.console();
      PasswordPrompt prompt = console == null ? p -> null : p -> console.readPassword("%s", p);
      // $HOME first, as curl reads ~/.netrc; the JVM's user.home comes from the password database.
      String home = System.getenv("HOME");
      return new Environment(System.getenv(), Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home), prompt,
          new PrintStream(System.out, true, StandardCharsets.UTF_8), new PrintStream(System.err, true, StandardCharsets.UTF_8),
          console != null);
    }
  }

  @Option(names = "--url", scope = ScopeType.INHERIT, defaultValue = "${RUNBOOK_URL:-http://localhost:8080}",
      description = "The engine (default: $RUNBOOK_URL or ${DEFAULT-VALUE}); its REST API is <url>/engine-rest.")
  URI url;

  @Option(names = "--user", scope = ScopeType.INHERIT, description = "Who you are (default: $RUNBOOK_USER, else the netrc login).")
  String user;

  @Option(names = "--netrc-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "A netrc file with 'machine HOST login USER password SECRET' (default ~/.netrc when it exists).")
  Path netrcFile;

  @Option(names = "--timeout", scope = ScopeType.INHERIT, defaultValue = "PT30S", paramLabel = "DURATION",
      description = "Bound of one HTTP call, ISO-8601 (default ${DEFAULT-VALUE}).")
  Duration timeout;

  private final Environment environment;
  private EngineClient engine;

  RunbookCli(Environment environment) {
    this.environment = environment;
  }

  public static void main(String[] args) {
    System.exit(run(Environment.system(), args));
  }

  /** Parses and runs one command line; returns the exit code. */
  public static int run(Environment environment, String... args) {
    CommandLine line = new CommandLine(new RunbookCli(environment));
    line.setOut(new java.io.PrintWriter(environment.out(), true));
    line.setErr(new java.io.PrintWriter(environment.err(), true));
    line.setParameterExceptionHandler((e, arguments) -> {
      CommandLine failed = e.getCommandLine();
      failed.getErr().println(e.getMessage());
      if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, failed.getErr())) {
        failed.usage(failed.getErr());
      }
      return Exit.USAGE;
    });
    line.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      if (e instanceof EngineException engine) {
        environment.err().println((engine.notConnected() ? "" : "Refused: ") + engine.getMessage());
        return engine.notConnected() ? Exit.NOT_CONNECTED : Exit.REFUSED;
      }
      if (e instanceof CliException cli) {
        environment.err().println(cli.getMessage());
        return cli.exitCode();
      }
      throw e;
    });
    return line.execute(args);
  }

  /** The client, with credentials resolved on first use (so that --help needs none). */
  EngineClient engine() {
    if (engine == null) {
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
        throw new CliException(Exit.USAGE, "--url must be http(s)://host[:port], not " + url);
      }
      Credentials credentials = Credentials.resolve(url, user, netrcFile, environment.variables(), environment.home(), environment.prompt());
      engine = new EngineClient(url, credentials, timeout);
    }
    return engine;
  }

  PrintStream out() {
    return environment.out();
  }

  boolean terminal() {
    return environment.terminal();
  }

  /** Base of the subcommands: the parent's options and streams. */
  abstract static class Sub implements Callable<Integer> {
    @ParentCommand RunbookCli cli;
    @Spec CommandLine.Model.CommandSpec spec;

    EngineClient engine() {
      return cli.engine();
    }

    PrintStream out() {
      return cli.out();
    }
  }

  @Command(name = "list", description = "The runbooks you may start (latest versions).")
  static final class ListRunbooks extends Sub {
    @Override
    public Integer call() {
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode definition : engine().get("/process-definition?latestVersion=true&sortBy=key&sortOrder=asc")) {
        rows.add(List.of(definition.path("key").asText(), definition.path("version").asText(),
            definition.path("suspended").asBoolean() ? "suspended" : "active", Format.orDash(definition.path("name").asText(null))));
      }
      Format.table(out(), List.of("KEY", "VERSION", "STATE", "NAME"), rows);
      return Exit.OK;
    }
  }

  @Command(name = "start", description = "Start runbook KEY; a refusal prints the server's reason (exit 2).")
  static final class Start extends Sub {
    @Parameters(index = "0", paramLabel = "KEY", description = "The runbook's key (see list).")
    String key;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "An input, as text; repeat for each (e.g. --var hostname=alibuild07 --var reason=hangs).")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--follow", description = "Then follow it (exit status = its outcome).")
    boolean follow;

    @Option(names = "--no-progress", description = "With --follow: lines only, no progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws InterruptedException {
      Map<String, Object> typed = new LinkedHashMap<>();
      variables.forEach((name, value) -> typed.put(name, Map.of("value", value, "type", "String")));
      JsonNode started = engine().post("/process-definition/key/" + q(key) + "/start", Map.of("variables", typed));
      String id = started.path("id").asText();
      out().println("Started " + key + ": " + id);
      if (follow) {
        return new Follow(engine(), out(), Duration.ofSeconds(1), cli.terminal() && !noProgress).follow(id);
      }
      return Exit.OK;
    }
  }

  @Command(name = "status", description = "Where runbook instance ID is: state, current steps, open tasks, incidents.")
  static final class Status extends Sub {
    @Parameters(paramLabel = "ID", description = "The process instance id (start prints it).")
    String id;

    @Override
    public Integer call() {
      RunbookState state = RunbookState.take(engine(), id);
      JsonNode root = state.root();
      PrintStream out = out();
      out.println(state.key() + "  " + state.id());
      out.println("state:     " + state.state());
      out.println("started:   " + Format.dateTime(root.path("startTime").asText(null)) + " by " + Format.orDash(root.path("startUserId").asText(null)));
      if (!RunbookState.isRunning(root)) {
        out.println("ended:     " + Format.dateTime(root.path("endTime").asText(null))
            + (state.endEvent() != null ? " at " + state.endEvent() : "")
            + (root.path("deleteReason").isNull() || root.path("deleteReason").isMissingNode() ? "" : " (" + root.path("deleteReason").asText() + ")"));
      }
      for (String step : state.currentSteps()) {
        out.println("now at:    " + step);
      }
      for (JsonNode task : state.tasks()) {
        out.println("waiting:   " + state.describeTask(task));
      }
      for (JsonNode incident : state.incidents()) {
        out.println("incident:  " + state.describeIncident(incident));
      }
      out.println("steps:     " + state.stepsReached() + " reached, " + state.hostOutput().size() + " host output(s) (runbook follow " + id + ")");
      return Exit.OK;
    }
  }

  @Command(name = "follow", description = "Follow runbook instance ID live; exit 0 completed, 1 failed/cancelled, 3 waiting for a human.")
  static final class FollowRunbook extends Sub {
    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--interval", defaultValue = "PT1S", paramLabel = "DURATION", description = "Poll interval (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--no-progress", description = "Lines only, no progress bar (the default when output is not a terminal).")
    boolean noProgress;

    @Override
    public Integer call() throws InterruptedException {
      return new Follow(engine(), out(), interval, cli.terminal() && !noProgress).follow(id);
    }
  }

  @Command(name = "tasks", description = "Open tasks you may see, oldest first (approve/reject take their ID).")
  static final class Tasks extends Sub {
    @Option(names = "--instance", paramLabel = "ID", description = "Only those of this runbook instance.")
    String instance;

    @Override
    public Integer call() {
      String query = "/task?sortBy=created&sortOrder=asc" + (instance == null ? "" : "&processInstanceId=" + q(instance));
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode task : engine().get(query)) {
        rows.add(List.of(task.path("id").asText(), task.path("processDefinitionId").asText().split(":")[0],
            task.path("processInstanceId").asText(), Format.orDash(task.path("assignee").asText(null)),
            Format.dateTime(task.path("created").asText(null)), task.path("name").asText()));
      }
      Format.table(out(), List.of("TASK", "RUNBOOK", "INSTANCE", "ASSIGNEE", "CREATED", "NAME"), rows);
      return Exit.OK;
    }
  }

  /** The engine accepts a suspension of an instance that has ended and does nothing: say so instead. */
  static void requireRunning(EngineClient engine, String id) {
    try {
      engine.get("/process-instance/" + q(id));
    } catch (EngineException e) {
      if (e.status() == 404) {
        throw new CliException(Exit.REFUSED, "No running runbook instance " + id + " (it has ended, or you may not see it).");
      }
      throw e;
    }
  }

  @Command(name = "suspend", description = "Pause runbook instance ID: none of its steps or timers run until resumed.")
  static final class Suspend extends Sub {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      requireRunning(engine(), id);
      engine().put("/process-instance/" + q(id) + "/suspended", Map.of("suspended", true));
      out().println("Suspended " + id);
      return Exit.OK;
    }
  }

  @Command(name = "resume", description = "Resume runbook instance ID after a suspend.")
  static final class Resume extends Sub {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      requireRunning(engine(), id);
      engine().put("/process-instance/" + q(id) + "/suspended", Map.of("suspended", false));
      out().println("Resumed " + id);
      return Exit.OK;
    }
  }
}
