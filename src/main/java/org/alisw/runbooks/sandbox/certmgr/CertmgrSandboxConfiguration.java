package org.alisw.runbooks.sandbox.certmgr;

import org.alisw.runbooks.certmgr.CertmgrProperties;
import org.alisw.runbooks.sandbox.Faults;
import org.alisw.runbooks.sandbox.SimulatedDataCentre;
import org.alisw.runbooks.sandbox.http.NegotiateAcceptor;
import org.alisw.runbooks.sandbox.SimulatorsMode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The simulated Certmgr of the sandbox profile, listening where application-sandbox.yaml points
 * the production adapter ({@code runbooks.certmgr.url}) and expecting the credentials configured
 * there.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
@SimulatorsMode
class CertmgrSandboxConfiguration {

  @Bean(destroyMethod = "close")
  SimulatedCertmgr simulatedCertmgr(
      SimulatedDataCentre dc, ObjectProvider<Faults> faults, CertmgrProperties properties,
      ObjectProvider<NegotiateAcceptor> kerberos) {
    String secret = properties.getToken() != null && !properties.getToken().isBlank()
        ? properties.getToken()
        : properties.getPassword();
    SimulatedCertmgr certmgr = new SimulatedCertmgr(
        dc, faults.getIfUnique(Faults::new), properties.getUrl().getPort(), properties.getUsername(), secret);
    // Profile sandbox-kerberos: only Negotiate tokens get in (SandboxKerberosConfiguration).
    kerberos.ifAvailable(certmgr::withKerberos);
    return certmgr.start();
  }
}
