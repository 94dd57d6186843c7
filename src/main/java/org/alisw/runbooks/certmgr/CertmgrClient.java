package org.alisw.runbooks.certmgr;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.alisw.runbooks.httpservice.JsonService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CertificateStaging} over Certmgr's staging API ({@code /krb/certmgr/staged/}, JSON over
 * HTTPS). Authenticates with SPNEGO (auth=kerberos), HTTP Basic or a Bearer token when configured;
 * trusts the configured CA bundle, else the JDK's. Credentials are never logged.
 */
public class CertmgrClient implements CertificateStaging {

  private static final Logger log = LoggerFactory.getLogger(CertmgrClient.class);
  static final String STAGED = "/krb/certmgr/staged/";
  /** Pages followed at most when listing: a host has one or two stagings, not thousands. */
  private static final int MAX_PAGES = 20;

  /**
   * 5xx is Certmgr failing (retry); any other answer is Certmgr deciding. ai-bs ignores 401/403 and
   * other codes and boots a VM that never gets a certificate; we stop with what to do instead.
   */
  private static final JsonService.Advice ADVICE = new JsonService.Advice(
      STAGED, "Certmgr staging API",
      "the runbooks' account may not do this in Certmgr: ask the Certmgr service to allow it"
          + " to stage this host, or stage it by hand (ai-bs/ai-rebuild-vm do the same staging)",
      ". Without a staging the VM never gets a Puppet certificate.");

  private final JsonService<CertmgrException> service;
  private final Clock clock;

  public CertmgrClient(CertmgrProperties p) {
    this(p, Clock.systemUTC());
  }

  CertmgrClient(CertmgrProperties p, Clock clock) {
    this.service = new JsonService<>(
        p, "CERTMGR_PASSWORD / CERTMGR_TOKEN", "error", CertmgrUnavailableException::new, CertmgrRefusedException::new, ADVICE);
    this.clock = clock;
  }

  @Override
  public StagedCertificate stage(String hostname) {
    String fqdn = service.fqdn(hostname);
    Optional<StagedCertificate> existing =
        staged(fqdn).stream().filter(this::notExpired).max(Comparator.comparingLong(StagedCertificate::id));
    if (existing.isPresent()) {
      StagedCertificate s = existing.get();
      log.info("{} is already staged in Certmgr (staging {} by {} until {}): not staging again",
          fqdn, s.id(), s.requestor(), s.end());
      return s;
    }
    JsonService.Answer answer = service.send("POST", service.resolve(STAGED), service.json(new StageRequest(fqdn)));
    if (!answer.isSuccess()) {
      throw service.failure("stage " + fqdn, answer);
    }
    StagedCertificate staged =
        answer.json().filter(n -> n.has("id")).map(this::toStaging)
            .or(() -> staged(fqdn).stream().max(Comparator.comparingLong(StagedCertificate::id)))
            .orElseThrow(() -> new CertmgrUnavailableException(
                answer.status(), "Certmgr accepted the staging of " + fqdn + " but does not list it; try again", null));
    log.info("Staged {} in Certmgr (staging {}, valid until {})", fqdn, staged.id(), staged.end());
    return staged;
  }

  @Override
  public List<StagedCertificate> staged(String hostname) {
    String fqdn = service.fqdn(hostname);
    List<StagedCertificate> result = new ArrayList<>();
    URI page = service.resolve(STAGED + "?hostname=" + URLEncoder.encode(fqdn, StandardCharsets.UTF_8));
    for (int i = 0; page != null && i < MAX_PAGES; i++) {
      JsonService.Answer answer = service.send("GET", page, null);
      if (!answer.isSuccess()) {
        throw service.failure("list the stagings of " + fqdn, answer);
      }
      JsonNode body = answer.json().orElseThrow(() -> service.invalid("list the stagings of " + fqdn, answer));
      for (JsonNode o : body.path("objects")) {
        StagedCertificate s = toStaging(o);
        if (fqdn.equalsIgnoreCase(s.hostname())) {
          result.add(s);
        }
      }
      String next = body.path("meta").path("next").asText(null);
      page = next == null || next.isBlank() || "null".equals(next) ? null : page.resolve(next);
    }
    result.sort(Comparator.comparingLong(StagedCertificate::id));
    return result;
  }

  @Override
  public boolean unstage(long id) {
    JsonService.Answer answer = service.send("DELETE", service.resolve(STAGED + id + "/"), null);
    if (answer.status() == 404) {
      return false;
    }
    if (!answer.isSuccess()) {
      throw service.failure("remove staging " + id, answer);
    }
    log.info("Removed staging {} from Certmgr", id);
    return true;
  }

  // --- mapping ------------------------------------------------------------------------------

  private record StageRequest(String hostname) {}

  private StagedCertificate toStaging(JsonNode o) {
    return new StagedCertificate(
        o.path("id").asLong(),
        o.path("hostname").asText(null),
        o.path("requestor").asText(null),
        o.path("start").asText(null),
        o.path("end").asText(null));
  }

  /** False only for an end that parses and has passed; an end we cannot read counts as valid. */
  private boolean notExpired(StagedCertificate s) {
    return parse(s.end()).map(end -> end.isAfter(clock.instant())).orElse(true);
  }

  private static Optional<Instant> parse(String time) {
    if (time == null || time.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(time).toInstant());
    } catch (DateTimeParseException e) {
      try {
        // Django without time zone support writes local times; CERN's servers run in UTC.
        return Optional.of(LocalDateTime.parse(time).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }
}
