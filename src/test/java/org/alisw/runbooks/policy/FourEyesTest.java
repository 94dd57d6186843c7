package org.alisw.runbooks.policy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FourEyesTest {

  @Test
  void theRequesterCannotApprove() {
    assertThatThrownBy(() -> FourEyes.requireApprover("operator1", "operator1"))
        .isInstanceOf(PolicyViolation.class)
        .hasMessageContaining("operator1 started this runbook and cannot approve it");
  }

  @Test
  void anotherOperatorApproves() {
    assertThatCode(() -> FourEyes.requireApprover("operator1", "operator2")).doesNotThrowAnyException();
  }

  @Test
  void anApprovalNeedsAnApproverAndARecordedRequester() {
    assertThatThrownBy(() -> FourEyes.requireApprover("operator1", null)).hasMessageContaining("needs a logged-in approver");
    assertThatThrownBy(() -> FourEyes.requireApprover(null, "operator2")).hasMessageContaining("no recorded requester");
  }

  @Test
  void theRequesterCannotTakeTheTaskButItCanBeReleased() {
    assertThatThrownBy(() -> FourEyes.requireAssignable("operator1", "operator1")).hasMessageContaining("cannot take its approval task");
    assertThatCode(() -> FourEyes.requireAssignable("operator1", null)).doesNotThrowAnyException();
    assertThatCode(() -> FourEyes.requireAssignable("operator1", "operator2")).doesNotThrowAnyException();
  }
}
