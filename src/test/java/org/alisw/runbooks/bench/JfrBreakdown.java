package org.alisw.runbooks.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the threads of an engine spent their time, from a JFR recording (settings "profile"):
 * on-CPU samples (weighted by the sampling period) and blocking events (monitor waits, parks,
 * socket reads, file writes and forces, weighted by their duration), each put into the first
 * {@link #CATEGORIES category} one of its stack frames matches. Wall time, roughly, of the
 * threads the predicate selects, leaving out threads idle in a pool: REST request threads for "where a start spends its time", the
 * job executor's threads for the steps.
 */
public final class JfrBreakdown {

  /** Category → frame markers (class or class.method prefixes), in priority order. */
  static final Map<String, List<String>> CATEGORIES = new LinkedHashMap<>();

  static {
    // Threads waiting for work (a pool's idle threads, Tomcat's poller, the acquisition's idle sleep).
    CATEGORIES.put("idle (waiting for work)", List.of("java.util.concurrent.ThreadPoolExecutor.getTask",
        "org.apache.tomcat.util.threads.ThreadPoolExecutor.getTask",
        "org.camunda.bpm.engine.impl.jobexecutor.AcquireJobsRunnable.suspendAcquisition",
        "org.apache.sshd.common.io.nio2.Nio2ServiceFactory", "sun.nio.ch.EPoll.wait", "java.lang.ref.",
        "java.util.TimerThread.mainLoop", "java.util.concurrent.ForkJoinPool.managedBlock",
        "org.apache.tomcat.util.net.NioEndpoint$Poller", "org.apache.tomcat.util.net.Acceptor",
        "org.camunda.bpm.engine.impl.jobexecutor.SequentialJobAcquisitionRunnable.suspendAcquisition"));
    // Only in the simulators' JVM (the engine runs with runbooks.sandbox.simulators=external).
    CATEGORIES.put("simulators: the sandbox world written before every answer", List.of("org.alisw.runbooks.sandbox.SandboxWorld"));
    CATEGORIES.put("simulators: SSH server", List.of("org.apache.sshd"));
    CATEGORIES.put("simulators: other", List.of("org.alisw.runbooks.sandbox", "org.apache.sshd",
        "com.sun.net.httpserver", "sun.net.httpserver"));
    CATEGORIES.put("authentication (password check, groups, tenants)", List.of(
        "org.camunda.bpm.engine.impl.IdentityServiceImpl.checkPassword",
        "org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter.setAuthenticatedUser",
        "org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter.getGroupsOfUser",
        "org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter.getTenantsOfUser",
        "org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider"));
    CATEGORIES.put("OpenStack calls (start check look-up, steps)", List.of("org.alisw.runbooks.openstack", "org.openstack4j"));
    CATEGORIES.put("SSH, ping, puppet (host port)", List.of("org.alisw.runbooks.host", "net.schmizz", "com.hierynomus"));
    CATEGORIES.put("other runbook code (checks, delegates)", List.of("org.alisw.runbooks"));
    CATEGORIES.put("history writes", List.of(
        "org.camunda.bpm.engine.impl.history.handler",
        "org.camunda.bpm.engine.impl.history.producer",
        "org.camunda.bpm.engine.impl.history.event"));
    CATEGORIES.put("job acquisition", List.of("org.camunda.bpm.engine.impl.jobexecutor.AcquireJobsCmd",
        "org.camunda.bpm.engine.impl.jobexecutor.SequentialJobAcquisitionRunnable"));
    CATEGORIES.put("database flush and queries (engine)", List.of(
        "org.camunda.bpm.engine.impl.db", "org.apache.ibatis", "org.h2", "org.postgresql", "com.zaxxer.hikari"));
    CATEGORIES.put("BPMN execution (engine)", List.of("org.camunda.bpm.engine.impl"));
    CATEGORIES.put("REST, JSON", List.of("org.camunda.bpm.engine.rest", "com.fasterxml.jackson", "org.glassfish.jersey", "org.jboss.resteasy"));
    CATEGORIES.put("HTTP server", List.of("org.apache.catalina", "org.apache.coyote", "org.apache.tomcat"));
  }

  private JfrBreakdown() {}

  /** Milliseconds per category (and "other"), highest first, of the threads {@code threads} selects. */
  public static Map<String, Double> of(Path recording, Predicate<String> threads, Duration samplePeriod) {
    Map<String, Double> ms = new LinkedHashMap<>();
    CATEGORIES.keySet().forEach(k -> ms.put(k, 0.0));
    ms.put("other", 0.0);
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent e = file.readEvent();
        String type = e.getEventType().getName();
        double weight;
        switch (type) {
          case "jdk.ExecutionSample" -> weight = samplePeriod.toNanos() / 1e6;
          case "jdk.JavaMonitorEnter", "jdk.ThreadPark", "jdk.SocketRead", "jdk.FileWrite", "jdk.FileForce",
              "jdk.JavaMonitorWait" -> weight = e.getDuration().toNanos() / 1e6;
          default -> {
            continue;
          }
        }
        RecordedThread thread = e.getThread(type.equals("jdk.ExecutionSample") ? "sampledThread" : "eventThread");
        if (thread == null || thread.getJavaName() == null || !threads.test(thread.getJavaName())) {
          continue;
        }
        ms.merge(category(e.getStackTrace()), weight, Double::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + recording, e);
    }
    Map<String, Double> sorted = new LinkedHashMap<>();
    ms.remove("idle (waiting for work)");
    ms.entrySet().stream().filter(x -> x.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(x -> sorted.put(x.getKey(), x.getValue()));
    return sorted;
  }

  static String category(RecordedStackTrace stack) {
    if (stack == null) {
      return "other";
    }
    for (Map.Entry<String, List<String>> c : CATEGORIES.entrySet()) {
      for (RecordedFrame f : stack.getFrames()) {
        if (!f.isJavaFrame() || f.getMethod() == null) {
          continue;
        }
        String name = f.getMethod().getType().getName() + "." + f.getMethod().getName();
        for (String marker : c.getValue()) {
          if (name.startsWith(marker)) {
            return c.getKey();
          }
        }
      }
    }
    return "other";
  }
}
