package org.alisw.runbooks.runbook.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The plan an approver approves: exactly what the runbook will do (server, id, project, image,
 * volumes, commands, ...), stored once per approval round as a JSON text variable {@value #PLAN}
 * with its SHA-256 in {@value #PLAN_HASH}. Only the freeze step writes it; the approval task may not
 * (its inputs are whitelisted), and {@link ApprovedPlan} refuses to act on a plan whose text no
 * longer matches its hash or whose inputs no longer match the runbook's variables.
 */
public final class FrozenPlan {

  public static final String PLAN = "plan";
  public static final String PLAN_HASH = "planHash";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private FrozenPlan() {}

  /**
   * Stores {@code plan} (keys sorted, indented) and its hash, and voids any earlier approval: a new
   * plan needs a new approval.
   */
  public static String freeze(VariableScope variables, Map<String, ?> plan) {
    String text = toJson(plan);
    variables.setVariable(PLAN, text);
    variables.setVariable(PLAN_HASH, sha256(text));
    ApprovedPlan.forgetApproval(variables);
    return text;
  }

  /** The canonical JSON text of a plan (map keys sorted), as it is hashed. */
  public static String toJson(Map<String, ?> plan) {
    try {
      return JSON.writeValueAsString(new LinkedHashMap<>(plan));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a plan holds plain values only (text, numbers, booleans, lists, maps)", e);
    }
  }

  /** Parses a stored plan. */
  public static Map<String, Object> parse(String text) {
    try {
      return JSON.readValue(text, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new ApprovalVoid("The stored plan is not valid JSON any more: " + e.getOriginalMessage());
    }
  }

  /** Lower-case hex SHA-256 of the UTF-8 text. */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
