package org.alisw.runbooks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package boundaries of design.md, kept by the build. */
@AnalyzeClasses(packages = "org.alisw.runbooks", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /** The product talks to the simulators only over the wire, as it would to CERN's systems. */
  @ArchTest
  static final ArchRule nothingOutsideTheSandboxDependsOnIt =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.alisw.runbooks.sandbox..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.alisw.runbooks.sandbox..");

  /** Server-side libraries of the simulators stay in the sandbox. */
  @ArchTest
  static final ArchRule simulatorLibrariesStayInTheSandbox =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.alisw.runbooks.sandbox..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.sshd.server..", "com.sun.net.httpserver..");

  /** BPMN-facing code goes through ports, never straight to a client library. */
  @ArchTest
  static final ArchRule delegatesUsePortsNotClients =
      noClasses()
          .that()
          .resideInAPackage("org.alisw.runbooks.runbook..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.openstack4j..", "net.schmizz..", "com.hierynomus..");

  /**
   * Waits are persisted BPMN timers, never sleeping threads (a sleeping job holds its executor
   * thread and its lock, and is lost with the JVM); only the simulators may pause, and the
   * command-line client, a separate process that waits between two polls of /engine-rest.
   */
  @ArchTest
  static final ArchRule noSleepingThreadsOutsideTheSandbox =
      noClasses()
          .that()
          .resideOutsideOfPackages("org.alisw.runbooks.sandbox..", "org.alisw.runbooks.cli..")
          .should()
          .callMethod(Thread.class, "sleep", long.class)
          .orShould()
          .callMethod(Thread.class, "sleep", long.class, int.class)
          .orShould()
          .callMethod(java.util.concurrent.TimeUnit.class, "sleep", long.class)
          .because("the project waits with BPMN timers (docs/architecture.md), never Thread.sleep");

  /** The command-line client talks HTTP to /engine-rest only: no Spring, no engine, no server code. */
  @ArchTest
  static final ArchRule theCliIsAPureRestClient =
      noClasses()
          .that()
          .resideInAPackage("org.alisw.runbooks.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "org.camunda..", "jakarta..")
          .orShould()
          .dependOnClassesThat(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "project classes outside cli",
                  (com.tngtech.archunit.core.domain.JavaClass c) ->
                      c.getPackageName().startsWith("org.alisw.runbooks")
                          && !c.getPackageName().startsWith("org.alisw.runbooks.cli")));
}
