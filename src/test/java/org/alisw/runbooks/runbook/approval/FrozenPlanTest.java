package org.alisw.runbooks.runbook.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.junit.jupiter.api.Test;

class FrozenPlanTest {

  @Test
  void theSamePlanInAnyKeyOrderHasTheSameTextAndHash() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("serverId", "id-7");
    a.put("hostname", "alibuild07");
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("hostname", "alibuild07");
    b.put("serverId", "id-7");

    assertThat(FrozenPlan.toJson(a)).isEqualTo(FrozenPlan.toJson(b));
    assertThat(FrozenPlan.sha256(FrozenPlan.toJson(a))).hasSize(64).isEqualTo(FrozenPlan.sha256(FrozenPlan.toJson(b)));
    assertThat(FrozenPlan.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void actingNeedsAnApprovalOfThePlanAsStored() {
    VariableScope scope = scope();
    FrozenPlan.freeze(scope, Map.of("hostname", "alibuild07", "serverId", "id-7", "volumes", List.of("v1")));

    assertThatThrownBy(() -> ApprovedPlan.check(scope, "hostname")).isInstanceOf(ApprovalVoid.class)
        .hasMessageContaining("Nobody approved");

    approve(scope);
    scope.setVariable("hostname", "alibuild07");
    assertThat(ApprovedPlan.check(scope, "hostname").get("serverId")).isEqualTo("id-7");
  }

  @Test
  void aChangedInputVoidsTheApproval() {
    VariableScope scope = scope();
    scope.setVariable("hostname", "alibuild07");
    FrozenPlan.freeze(scope, Map.of("hostname", "alibuild07"));
    approve(scope);

    scope.setVariable("hostname", "alibuild08");

    assertThatThrownBy(() -> ApprovedPlan.check(scope, "hostname"))
        .isInstanceOf(ApprovalVoid.class)
        .hasMessageContaining("'hostname' is 'alibuild08' but the approved plan says 'alibuild07'");
  }

  @Test
  void anAlteredPlanVoidsTheApproval() {
    VariableScope scope = scope();
    FrozenPlan.freeze(scope, Map.of("hostname", "alibuild07"));
    approve(scope);

    scope.setVariable("plan", FrozenPlan.toJson(Map.of("hostname", "alibuild03")));

    assertThatThrownBy(() -> ApprovedPlan.check(scope)).hasMessageContaining("altered after it was frozen");
    assertThatThrownBy(() -> ApprovedPlan.checkPassed(scope)).hasMessageContaining("altered after it was frozen");
  }

  @Test
  void aNewPlanNeedsANewApproval() {
    VariableScope scope = scope();
    FrozenPlan.freeze(scope, Map.of("hostname", "alibuild07"));
    approve(scope);

    FrozenPlan.freeze(scope, Map.of("hostname", "alibuild08"));

    assertThat(scope.hasVariable("approved")).isFalse();
    assertThatThrownBy(() -> ApprovedPlan.check(scope)).hasMessageContaining("Nobody approved");
  }

  private static void approve(VariableScope scope) {
    scope.setVariable("approved", true);
    scope.setVariable("approvedPlanHash", scope.getVariable("planHash"));
  }

  /** A variable scope without an engine: get, set, has, remove over a map. */
  static VariableScope scope() {
    Map<String, Object> values = new HashMap<>();
    return (VariableScope) Proxy.newProxyInstance(
        VariableScope.class.getClassLoader(),
        new Class<?>[] {VariableScope.class},
        (proxy, method, args) ->
            switch (method.getName()) {
              case "getVariable" -> values.get((String) args[0]);
              case "setVariable" -> values.put((String) args[0], args[1]);
              case "hasVariable" -> values.containsKey((String) args[0]);
              case "removeVariable" -> values.remove((String) args[0]);
              default -> throw new UnsupportedOperationException(method.getName());
            });
  }
}
