package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.alisw.runbooks.e2e.secrets.DatabaseScan;
import org.alisw.runbooks.e2e.secrets.EngineProcess;
import org.alisw.runbooks.e2e.secrets.RecordingRest;
import org.alisw.runbooks.e2e.secrets.ScannedDatabase;
import org.alisw.runbooks.e2e.secrets.Secrets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Secret hygiene (issue 13): the engine runs as its own JVM in the sandbox, with distinctive
 * values for every secret it holds (the OpenStack password of the simulated Keystone, an
 * application credential's secret, Foreman's token and password, Certmgr's and Roger's passwords,
 * the passphrase of the encrypted SSH identity, the sandbox accounts' passwords), handed over the
 * way a deployment does (environment, {@code SPRING_APPLICATION_JSON}), with {@code org.alisw}
 * and {@code org.camunda} logging at DEBUG. Every runbook kind of processes/ runs (started over
 * REST by operator1, its tasks completed over REST by operator2, or operator1 where four eyes
 * want the initiator). Then every table of the database, the captured log and every REST answer
 * the test saw are scanned: no secret may occur anywhere; a finding names the table and column,
 * the log line or the REST call.
 *
 * <p>The same run twice, on each database the engine supports ({@link ScannedDatabase}): H2 (the
 * default profile's file database) and PostgreSQL (the {@code postgres} profile on a real server
 * with password authentication); the database password is one more secret. {@link DatabaseScan}
 * reads every table there, {@code bytea} and large objects included.
 *
 * <p>Own JVM: the SSH passphrase is read from the process environment only; a *SlowIT
 * (contracts.md).
 */
class SecretHygieneSlowIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RUNBOOK_TIMEOUT = Duration.ofMinutes(4);

  private final Secrets secrets = new Secrets();
  private final List<RecordingRest.Answer> answers = RecordingRest.newLog();
  private final List<String> ran = new ArrayList<>();

  @ParameterizedTest(name = "on {0}")
  @EnumSource(ScannedDatabase.class)
  void noSecretEndsUpInTheDatabaseTheLogsOrARestAnswer(ScannedDatabase kind) throws Exception {
    Path dir = Path.of("target", "secret-hygiene", kind.name().toLowerCase(java.util.Locale.ROOT) + "-"
        + Instant.now().toString().replace(':', '-')).toAbsolutePath();
    Files.createDirectories(dir);
    Path log = dir.resolve("engine.log");

    secrets.create("OpenStack password", "osPw");
    secrets.create("application credential secret", "appCred");
    secrets.create("Foreman token", "fmTok");
    secrets.create("Foreman password", "fmPw");
    secrets.create("Certmgr password", "cmPw");
    secrets.create("Roger password", "rgPw");
    String sshPassphrase = secrets.create("SSH key passphrase", "sshPp");
    String adminPassword = secrets.create("sandbox admin password", "admPw");
    String operator1Password = secrets.create("sandbox operator1 password", "op1Pw");
    String operator2Password = secrets.create("sandbox operator2 password", "op2Pw");
    secrets.create("deployer password", "depPw");
    String databasePassword = secrets.create("database password", "dbPw");
    String appCredentialId = "hygiene-app-cred-" + Long.toHexString(System.nanoTime());
    // The same run and scan on either database (the engine gets the database's settings).
    try (ScannedDatabase.Opened db = kind.open(dir, databasePassword)) {
      runEveryRunbookThenScan(dir, log, db, config(db, appCredentialId), Map.of("RUNBOOKS_SSH_PASSPHRASE", sshPassphrase),
          operator1Password, operator2Password, adminPassword);
    }
  }

  /** The engine's configuration, with the secrets, as a deployment hands it over. */
  private Map<String, Object> config(ScannedDatabase.Opened db, String appCredentialId) {
    Map<String, String> secret = secrets.all();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("runbooks.sandbox.openstack.password", secret.get("OpenStack password"));
    config.put("runbooks.sandbox.openstack.application-credentials", List.of(Map.of(
        "id", appCredentialId, "secret", secret.get("application credential secret"), "project", "cloud-tests")));
    // cloud-tests logs in with the application credential; release-testing with the password.
    config.put("runbooks.openstack.projects.cloud-tests.auth-type", "v3applicationcredential");
    config.put("runbooks.openstack.projects.cloud-tests.application-credential-id", appCredentialId);
    config.put("runbooks.openstack.projects.cloud-tests.application-credential-secret",
        secret.get("application credential secret"));
    config.put("runbooks.foreman.token", secret.get("Foreman token"));
    config.put("runbooks.foreman.password", secret.get("Foreman password"));
    config.put("runbooks.certmgr.password", secret.get("Certmgr password"));
    config.put("runbooks.roger.password", secret.get("Roger password"));
    config.put("sandbox.accounts.admin-password", secret.get("sandbox admin password"));
    config.put("sandbox.accounts.operator1-password", secret.get("sandbox operator1 password"));
    config.put("sandbox.accounts.operator2-password", secret.get("sandbox operator2 password"));
    config.put("camunda.bpm.admin-user.id", "deployer");
    config.put("camunda.bpm.admin-user.password", secret.get("deployer password"));
    config.putAll(db.config());
    return config;
  }

  private void runEveryRunbookThenScan(Path dir, Path log, ScannedDatabase.Opened db, Map<String, Object> config,
      Map<String, String> secretEnvironment, String operator1Password, String operator2Password, String adminPassword)
      throws Exception {
    Map<String, String> environment = new LinkedHashMap<>(db.environment());
    environment.putAll(secretEnvironment);
    environment.put("SPRING_APPLICATION_JSON", JSON.writeValueAsString(config));

    List<String> arguments = new ArrayList<>(db.arguments());
    arguments.addAll(List.of(
        "--server.port=0",
        "--runbooks.sandbox.data-directory=" + dir.resolve("sandbox"),
        "--runbooks.sandbox.ssh.directory=" + dir.resolve("ssh"),
        "--logging.level.org.alisw=DEBUG",
        "--logging.level.org.camunda=DEBUG",
        // The sandbox's timings of the shared end-to-end context (SandboxTest).
        "--runbooks.sandbox.timings.hard-reboot=PT1S",
        "--runbooks.timings.status-poll-interval=PT2S",
        "--runbooks.rebuild-master.hand-over-poll-interval=PT2S",
        "--runbooks.openstack.start-check-timeout=PT30S",
        "--camunda.bpm.job-execution.max-wait=1000"));

    try (EngineProcess engine = EngineProcess.start(log, arguments, environment, Duration.ofMinutes(5))) {
      RecordingRest operator1 = new RecordingRest(engine.baseUrl(), "operator1", operator1Password, answers);
      RecordingRest operator2 = new RecordingRest(engine.baseUrl(), "operator2", operator2Password, answers);
      RecordingRest admin = new RecordingRest(engine.baseUrl(), "admin", adminPassword, answers);
      Map<String, Map<String, List<String[]>>> inputs = taskInputs();
      assertThat(isEncryptedOpenSshKey(dir.resolve("ssh").resolve("id_ecdsa")))
          .as("the SSH identity the adapter uses is encrypted with the passphrase")
          .isTrue();

      run(operator1, operator2, inputs, "preflight", Map.of());
      run(operator1, operator2, inputs, "verify-master", Map.of("hostname", "alimesos02"));
      run(operator1, operator2, inputs, "reboot-server", Map.of("hostname", "alibuild05", "reason", "secret hygiene"));
      run(operator1, operator2, inputs, "verify-host",
          Map.of("hostname", "alibuild06", "project", "release-testing", "hostKeyChange", "unchanged"));
      run(operator1, operator2, inputs, "rebuild-agent", Map.of("hostname", "alibuild07", "reason", "secret hygiene"));
      run(operator1, operator2, inputs, "rebuild-agents", Map.of("hosts", "alibuild08\nalibuild11", "reason", "secret hygiene"));
      run(operator1, operator2, inputs, "delete-vm", Map.of("hostname", "alibuild10", "reason", "secret hygiene"));
      run(operator1, operator2, inputs, "create-agent", Map.of("hostname", "alibuild15", "purpose", "build"));
      run(operator1, operator2, inputs, "renew-master-backup", Map.of());
      run(operator1, operator2, inputs, "rebuild-master", Map.of("hostname", "alimesos03", "reason", "secret hygiene"));
      run(operator1, operator2, inputs, "delete-vm", Map.of("hostname", "alimesos03", "reason", "secret hygiene: make room"));
      run(operator1, operator2, inputs, "create-master", Map.of("hostname", "alimesos03", "zone", "cern-geneva-c"));

      // What an operator and an administrator look at afterwards: history, variables, incidents.
      for (RecordingRest user : List.of(operator1, admin)) {
        user.get("/engine-rest/history/process-instance?maxResults=500");
        user.get("/engine-rest/history/variable-instance?maxResults=5000&deserializeValues=false");
        user.get("/engine-rest/history/detail?maxResults=5000&deserializeValues=false");
        user.get("/engine-rest/history/job-log?maxResults=2000");
        user.get("/engine-rest/history/incident?maxResults=500");
        user.get("/engine-rest/history/user-operation?maxResults=2000");
      }
      admin.get("/engine-rest/user?maxResults=100");
      admin.get("/engine-rest/deployment?maxResults=100");
    }

    // Every process key of processes/ ran, directly or called by another runbook.
    javax.sql.DataSource dataSource = db.dataSource();
    assertThat(processKeysThatRan(dataSource)).as("runbook kinds run").containsAll(processKeys());

    List<Secrets.Finding> findings = new ArrayList<>();
    DatabaseScan database = new DatabaseScan(dataSource);
    findings.addAll(database.scan(secrets));
    assertThat(database.coverage().tables()).as("tables scanned").isGreaterThan(40);
    assertThat(database.coverage().values()).as("values scanned").isGreaterThan(1000);

    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertThat(lines.stream().filter(l -> l.contains(" DEBUG ")).count()).as("DEBUG lines captured").isGreaterThan(100);
    for (int i = 0; i < lines.size(); i++) {
      findings.addAll(secrets.findIn(lines.get(i), "log " + log.getFileName() + " line " + (i + 1)));
    }
    assertThat(answers).as("REST answers recorded").hasSizeGreaterThan(50);
    for (RecordingRest.Answer a : answers) {
      findings.addAll(secrets.findIn(a.headers() + "\n" + a.body(), "REST " + a.method() + " " + a.path() + " (" + a.status() + ")"));
    }

    Files.writeString(dir.resolve("findings.txt"), String.join("\n", findings.stream().map(Object::toString).toList()));
    System.out.printf("Secret hygiene: %d runbooks run %s; scanned %s, %d log lines, %d REST answers; %d finding(s)%n",
        ran.size(), ran, database.coverage(), lines.size(), answers.size(), findings.size());
    assertThat(findings).as("secrets found (also in %s)", dir.resolve("findings.txt")).isEmpty();
  }

  // --- Running every runbook over REST ---------------------------------------------------------

  /**
   * Starts {@code key} as operator1 and completes every task that shows up (operator2, or
   * operator1 when the task refuses operator2) until the instance ends.
   */
  private void run(RecordingRest operator1, RecordingRest operator2, Map<String, Map<String, List<String[]>>> inputs,
      String key, Map<String, String> variables) throws InterruptedException {
    JsonNode started = operator1.post("/engine-rest/process-definition/key/" + key + "/start", Map.of("variables", typed(variables)));
    for (int attempt = 1; attempt < 4 && operator1.lastStatus() != 200
        && started.path("message").asText().contains("start-check-timeout"); attempt++) {
      // A loaded machine can miss the start check's short OpenStack deadline; nothing started.
      started = operator1.post("/engine-rest/process-definition/key/" + key + "/start", Map.of("variables", typed(variables)));
    }
    assertThat(operator1.lastStatus()).as("start %s: %s", key, started).isEqualTo(200);
    String instanceId = started.get("id").asText();
    Instant deadline = Instant.now().plus(RUNBOOK_TIMEOUT);
    while (true) {
      JsonNode history = operator1.get("/engine-rest/history/process-instance/" + instanceId);
      String state = history.path("state").asText();
      if (!"ACTIVE".equals(state)) {
        assertThat(state).as("%s ended", key).isEqualTo("COMPLETED");
        ran.add(key);
        return;
      }
      JsonNode incidents = operator1.get("/engine-rest/incident");
      assertThat(incidents).as("incidents while %s runs", key).isEmpty();
      for (JsonNode task : operator2.get("/engine-rest/task")) {
        complete(operator1, operator2, inputs, task);
      }
      assertThat(Instant.now()).as("%s still running after %s", key, RUNBOOK_TIMEOUT).isBefore(deadline);
      Thread.sleep(1000);
    }
  }

  private void complete(RecordingRest operator1, RecordingRest operator2, Map<String, Map<String, List<String[]>>> inputs, JsonNode task) {
    String processKey = task.get("processDefinitionId").asText().split(":")[0];
    String taskKey = task.get("taskDefinitionKey").asText();
    Map<String, Object> values = new LinkedHashMap<>();
    for (String[] input : inputs.getOrDefault(processKey, Map.of()).getOrDefault(taskKey, List.of())) {
      String value = choose(input[1]);
      if (value != null) {
        values.put(input[0], Map.of("value", value, "type", "String"));
      }
    }
    String taskId = task.get("id").asText();
    for (RecordingRest user : List.of(operator2, operator1)) {
      String userId = user == operator2 ? "operator2" : "operator1";
      user.post("/engine-rest/task/" + taskId + "/claim", Map.of("userId", userId));
      user.post("/engine-rest/task/" + taskId + "/complete", Map.of("variables", values));
      if (user.lastStatus() / 100 == 2) {
        return;
      }
      user.post("/engine-rest/task/" + taskId + "/unclaim", Map.of());
    }
    throw new AssertionError("neither operator could complete " + processKey + "/" + taskKey + " with " + values);
  }

  /** The happy path where there is one; otherwise the way out (give up), never a loop. */
  private static final List<String> PREFERRED = List.of(
      "go", "hand-over", "proceed", "interrupt-important-tasks", "approve", "delete-for-good", "trust",
      "give-up", "stop", "skip-hand-over", "delete-everything");

  private static String choose(String declared) {
    String spec = declared.trim();
    if (spec.equals("text")) {
      return "secret hygiene run: notes";
    }
    if (spec.startsWith("optional")) {
      return null;
    }
    List<String> options = Stream.of(spec.split("\\|")).map(String::trim).toList();
    return PREFERRED.stream().filter(options::contains).findFirst().orElse(options.get(0));
  }

  /** Per process key, per user task id: its whitelisted inputs (name, declared values). */
  private static Map<String, Map<String, List<String[]>>> taskInputs() throws IOException {
    Pattern process = Pattern.compile("<bpmn:process id=\"([^\"]+)\"");
    Pattern userTask = Pattern.compile("<bpmn:userTask id=\"([^\"]+)\"[\\s\\S]*?</bpmn:userTask>");
    Pattern input = Pattern.compile("runbook\\.input\\.([A-Za-z]+)\" value=\"([^\"]*)\"");
    Map<String, Map<String, List<String[]>>> all = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(Path.of("processes"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).toList()) {
        String xml = Files.readString(file);
        Matcher p = process.matcher(xml);
        if (!p.find()) {
          continue;
        }
        Map<String, List<String[]>> tasks = new LinkedHashMap<>();
        Matcher t = userTask.matcher(xml);
        while (t.find()) {
          List<String[]> declared = new ArrayList<>();
          Matcher i = input.matcher(t.group());
          while (i.find()) {
            declared.add(new String[] {i.group(1), i.group(2)});
          }
          tasks.put(t.group(1), declared);
        }
        all.put(p.group(1), tasks);
      }
    }
    return all;
  }

  private static List<String> processKeys() throws IOException {
    return List.copyOf(taskInputs().keySet());
  }

  private static List<String> processKeysThatRan(javax.sql.DataSource dataSource) throws java.sql.SQLException {
    List<String> keys = new ArrayList<>();
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement();
        var r = statement.executeQuery("SELECT DISTINCT PROC_DEF_KEY_ FROM ACT_HI_PROCINST WHERE STATE_ = 'COMPLETED'")) {
      while (r.next()) {
        keys.add(r.getString(1));
      }
    }
    return keys;
  }

  /** An OpenSSH private key whose cipher is not "none" (bcrypt KDF, AES): it needs the passphrase. */
  private static boolean isEncryptedOpenSshKey(Path file) throws IOException {
    String body = Files.readAllLines(file).stream().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
    String decoded = new String(java.util.Base64.getDecoder().decode(body), StandardCharsets.ISO_8859_1);
    return decoded.startsWith("openssh-key-v1") && decoded.contains("bcrypt") && decoded.contains("aes256-ctr");
  }

  private static Map<String, Object> typed(Map<String, String> variables) {
    Map<String, Object> typed = new LinkedHashMap<>();
    variables.forEach((name, value) -> typed.put(name, Map.of("value", value, "type", "String")));
    return typed;
  }
}
