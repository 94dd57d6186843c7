package org.alisw.runbooks.certmgr;

import jakarta.validation.constraints.AssertTrue;
import org.alisw.runbooks.httpservice.HttpServiceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.certmgr.*}: where Certmgr is, how to authenticate, which CA to trust (the settings every
 * HTTP service shares, {@link HttpServiceProperties}). Documented in docs/configuration.md.
 */
@Validated
@ConfigurationProperties("runbooks.certmgr")
public class CertmgrProperties extends HttpServiceProperties {

  @Override
  public String serviceName() {
    return "Certmgr";
  }

  @Override
  public String prefix() {
    return "runbooks.certmgr";
  }

  /** Credentials only over HTTPS, unless this exact URL is allowed. */
  @AssertTrue(
      message =
          "runbooks.certmgr.url must be https:// when Certmgr credentials are configured (HTTP Basic or"
              + " Bearer credentials would cross the network in clear text); only for a local simulator,"
              + " set runbooks.certmgr.allow-insecure-url to exactly that URL")
  public boolean isCredentialsOnlyOverHttps() {
    return insecureUrlRefusal() == null;
  }
}
