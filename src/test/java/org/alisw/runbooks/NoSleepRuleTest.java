package org.alisw.runbooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link ArchitectureTest#noSleepingThreadsOutsideTheSandbox} finds a sleeping thread when there is one. */
class NoSleepRuleTest {

  /** What MasterQuorum did before its settle window became a BPMN timer. */
  static final class Sleeper {
    void settle() throws InterruptedException {
      Thread.sleep(500);
    }

    void settleInUnits() throws InterruptedException {
      TimeUnit.MILLISECONDS.sleep(500);
    }
  }

  static final class Waiter {
    void look() {
      Thread.onSpinWait();
    }
  }

  @Test
  void aThreadSleepOutsideTheSandboxIsAViolation() {
    JavaClasses classes = new ClassFileImporter().importClasses(Sleeper.class, Waiter.class);

    EvaluationResult result = ArchitectureTest.noSleepingThreadsOutsideTheSandbox.evaluate(classes);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .hasSize(2)
        .allMatch(line -> line.contains("Sleeper.settle"));
  }
}
