package org.alisw.runbooks.roger;

import jakarta.validation.constraints.AssertTrue;
import org.alisw.runbooks.httpservice.HttpServiceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.roger.*}: where Roger is, how to authenticate, which CA to trust (the settings every
 * HTTP service shares, {@link HttpServiceProperties}). Documented in docs/configuration.md.
 */
@Validated
@ConfigurationProperties("runbooks.roger")
public class RogerProperties extends HttpServiceProperties {

  @Override
  public String serviceName() {
    return "Roger";
  }

  @Override
  public String prefix() {
    return "runbooks.roger";
  }

  /** Credentials only over HTTPS, unless this exact URL is allowed. */
  @AssertTrue(
      message =
          "runbooks.roger.url must be https:// when Roger credentials are configured (HTTP Basic or"
              + " Bearer credentials would cross the network in clear text); only for a local simulator,"
              + " set runbooks.roger.allow-insecure-url to exactly that URL")
  public boolean isCredentialsOnlyOverHttps() {
    return insecureUrlRefusal() == null;
  }
}
