package org.alisw.runbooks.runbook.verify;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.alisw.runbooks.runbook.Variables;
import org.alisw.runbooks.runbook.story.RunbookStory;
import org.alisw.runbooks.runbook.story.Story;
import org.alisw.runbooks.runbook.story.StoryFacts;
import org.springframework.stereotype.Component;

/** verify-host's human tasks: what ping, SSH, the host key and each puppet run showed. */
@Component("verifyHostTaskStory")
class VerifyHostStory implements RunbookStory {

  private static final Map<String, String> ASKED = Map.of(
      "user_task_server_not_active", "The server is not ACTIVE in Nova after the wait: wait again or give up.",
      "user_task_host_not_answering_ping", "\"Ping it\": the host does not answer ping after the wait: wait again or give up.",
      "user_task_host_key_not_readable", "The host's SSH daemon does not answer, so its host key cannot be read: wait again or give up.",
      "user_task_host_key_changed", "The host presents a key that known_hosts does not hold, and nothing says the host was rebuilt: check again or give up.",
      "user_task_confirm_host_key", "Confirm the host's new key against the fingerprints cloud-init printed on the console, then trust it (or give up).",
      "user_task_ssh_not_answering", "\"SSH to it\": root cannot SSH into the host: wait again or give up.",
      "user_task_report_puppet_errors", "\"Check in Foreman if there are any puppet errors\": puppet did not converge; the runs are below. Retry or give up (with a note).");

  @Override
  public Set<String> processKeys() {
    return Set.of("verify-host");
  }

  @Override
  public String asked(StoryFacts facts) {
    return ASKED.get(facts.taskKey());
  }

  @Override
  public void tell(StoryFacts facts, Story story) {
    story.heading("What the checks saw");
    story.item(facts.text(Variables.SERVER_STATUS) == null ? null : "Nova: " + facts.text(Variables.SERVER_STATUS)
        + (facts.text(Variables.SERVER_FAULT) == null ? "" : " (" + facts.text(Variables.SERVER_FAULT) + ")"));
    story.item(facts.text(VerifyVariables.PING_DETAIL) == null ? null : "Ping: " + facts.text(VerifyVariables.PING_DETAIL));
    story.item(facts.text(VerifyVariables.HOST_KEY_STATUS) == null ? null : "Host key: " + facts.text(VerifyVariables.HOST_KEY_STATUS)
        + (facts.text(VerifyVariables.PRESENTED_FINGERPRINT) == null ? "" : ", presented " + facts.text(VerifyVariables.PRESENTED_FINGERPRINT)));
    story.item(facts.text(VerifyVariables.HOST_KEY_PROBLEM));
    story.item(facts.text(VerifyVariables.CONSOLE_FINGERPRINTS) == null ? null
        : "Console fingerprints: " + String.join(", ", facts.text(VerifyVariables.CONSOLE_FINGERPRINTS).lines().toList()));
    story.item(facts.text(VerifyVariables.SSH_DETAIL) == null ? null : "SSH: " + facts.text(VerifyVariables.SSH_DETAIL));

    List<String> attempts = facts.numbered(VerifyVariables.PUPPET_ATTEMPT_PREFIX);
    if (!attempts.isEmpty()) {
      story.heading("Puppet runs (" + attempts.size() + " so far)");
      attempts.forEach(attempt -> story.item(StoryFacts.firstLine(attempt)));
      story.line(facts.text(VerifyVariables.PUPPET_NOT_RUN_REASON) == null ? null : "Puppet did not run: " + facts.text(VerifyVariables.PUPPET_NOT_RUN_REASON));
      story.block("Output of the last run", tail(facts.text(VerifyVariables.PUPPET_LAST_OUTPUT), 15));
    }
    story.block("Foreman's latest report", tail(facts.text(VerifyVariables.FOREMAN_REPORT), 10));
  }

  /** The last lines of a long output: puppet prints its errors at the end. */
  private static String tail(String text, int lines) {
    if (text == null) {
      return null;
    }
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
