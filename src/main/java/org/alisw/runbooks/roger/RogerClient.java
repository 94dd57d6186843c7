package org.alisw.runbooks.roger;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.alisw.runbooks.httpservice.JsonService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MachineStatePort} over Roger's state API ({@code /roger/v1/state/}, JSON over HTTPS), the
 * same calls as ai-tools' {@code RogerClient.update_or_create_state}. Authenticates with HTTP Basic
 * or a Bearer token when configured, or with SPNEGO (auth=kerberos); trusts the configured CA bundle, else
 * the JDK's. Credentials are never logged.
 */
public class RogerClient implements MachineStatePort {

  private static final Logger log = LoggerFactory.getLogger(RogerClient.class);
  static final String STATE = "/roger/v1/state/";

  /** 5xx is Roger failing (retry); any other answer is Roger deciding (an operator must act). */
  private static final JsonService.Advice ADVICE = new JsonService.Advice(
      STATE, "Roger state API",
      "the runbooks' account may not change this host in Roger: ask for the right, or set the"
          + " state by hand (roger update)",
      "");

  private final JsonService<RogerException> service;

  public RogerClient(RogerProperties p) {
    this.service = new JsonService<>(
        p, "ROGER_PASSWORD / ROGER_TOKEN", "detail", RogerUnavailableException::new, RogerRefusedException::new, ADVICE);
  }

  @Override
  public Optional<MachineState> state(String hostname) {
    String fqdn = service.fqdn(hostname);
    JsonService.Answer answer = service.send("GET", hostUri(fqdn), null);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    if (!answer.isSuccess()) {
      throw service.failure("read the state of " + fqdn, answer);
    }
    return Optional.of(toState(answer.json().orElseThrow(() -> service.invalid("read the state of " + fqdn, answer))));
  }

  @Override
  public MachineState update(String hostname, MachineStateUpdate update) {
    String fqdn = service.fqdn(hostname);
    String body = service.json(update.body(fqdn));
    // As ai-tools' update_or_create_state: PUT an entry Roger has, POST a new one.
    JsonService.Answer answer =
        state(fqdn).isPresent() ? service.send("PUT", hostUri(fqdn), body) : service.send("POST", service.resolve(STATE), body);
    if (!answer.isSuccess()) {
      throw service.failure("set " + fqdn + " to " + update.appstate().wire(), answer);
    }
    MachineState now =
        answer.json().filter(n -> n.has("appstate")).map(this::toState)
            .or(() -> state(fqdn))
            .orElseThrow(() -> new RogerUnavailableException(
                answer.status(), "Roger accepted the change of " + fqdn + " but does not show it; try again", null));
    log.info("Roger: {} is now {} (alarms nc={} hw={} os={} app={})", fqdn, now.appstate(),
        now.ncAlarmed(), now.hwAlarmed(), now.osAlarmed(), now.appAlarmed());
    return now;
  }

  private URI hostUri(String fqdn) {
    return service.resolve(STATE + URLEncoder.encode(fqdn, StandardCharsets.UTF_8) + "/");
  }

  // --- mapping ------------------------------------------------------------------------------

  private MachineState toState(JsonNode s) {
    return new MachineState(
        s.path("hostname").asText(null),
        s.path("appstate").asText(null),
        s.path("nc_alarmed").asBoolean(false),
        s.path("hw_alarmed").asBoolean(false),
        s.path("os_alarmed").asBoolean(false),
        s.path("app_alarmed").asBoolean(false),
        text(s, "message"),
        text(s, "updated_by"),
        text(s, "update_time"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }
}
