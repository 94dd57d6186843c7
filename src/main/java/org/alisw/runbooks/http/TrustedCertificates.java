package org.alisw.runbooks.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An SSLContext that trusts exactly the certificates of a PEM CA bundle (CERN-bundle.pem), shared
 * by the HTTPS adapters (Foreman, Certmgr, Roger).
 */
public final class TrustedCertificates {

  private TrustedCertificates() {}

  public static SSLContext sslContext(Path caBundle) {
    try (InputStream in = Files.newInputStream(caBundle)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalStateException("no certificate in CA bundle " + caBundle);
      }
      KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
      trustStore.load(null, null);
      int i = 0;
      for (Certificate c : certificates) {
        trustStore.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CA bundle " + caBundle, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("invalid CA bundle " + caBundle + ": " + e.getMessage(), e);
    }
  }
}
