package org.alisw.runbooks.ops.notify;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.ops.notify.*}: the chat webhook told when a runbook waits for a human or raises
 * an incident.
 *
 * @param webhookUrl a Mattermost or Slack incoming webhook; empty (the default) = no notifications.
 *     It usually holds a secret key: set it from the environment, it is never logged
 * @param tasklistUrl Tasklist as operators reach it; a task's link is this plus {@code #/?task=ID}
 * @param cockpitUrl Cockpit as operators reach it; an incident's link is this plus {@code
 *     #/process-instance/ID/runtime}
 * @param queueCapacity messages waiting to be sent (retries included); past it new ones are dropped
 *     with a warning, the runbook unaffected
 * @param attempts sends per message, the first included
 * @param initialBackoff wait before the first retry, doubled at each further one
 * @param maxBackoff the longest wait between two sends
 * @param requestTimeout connect and answer timeout of one send
 */
@Validated
@ConfigurationProperties("runbooks.ops.notify")
public record NotifyProperties(
    @DefaultValue("") String webhookUrl,
    @DefaultValue("http://localhost:8080/camunda/app/tasklist/default/") @NotNull String tasklistUrl,
    @DefaultValue("http://localhost:8080/camunda/app/cockpit/default/") @NotNull String cockpitUrl,
    @DefaultValue("100") @Min(1) @Max(10000) int queueCapacity,
    @DefaultValue("5") @Min(1) @Max(20) int attempts,
    @DefaultValue("PT2S") @NotNull Duration initialBackoff,
    @DefaultValue("PT1M") @NotNull Duration maxBackoff,
    @DefaultValue("PT10S") @NotNull Duration requestTimeout) {

  public boolean enabled() {
    return webhookUrl != null && !webhookUrl.isBlank();
  }
}
