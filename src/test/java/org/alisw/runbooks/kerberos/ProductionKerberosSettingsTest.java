package org.alisw.runbooks.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.certmgr.CertmgrProperties;
import org.alisw.runbooks.foreman.ForemanProperties;
import org.alisw.runbooks.http.AuthMode;
import org.alisw.runbooks.roger.RogerProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The production profile switches the three services to Kerberos from the environment alone (no
 * code or YAML change), and leaves them as before when nothing is set.
 */
class ProductionKerberosSettingsTest {

  private static Binder production(Map<String, Object> env) throws IOException {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("env", env));
    YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();
    // Profile-specific documents win over application.yaml, as Spring orders them.
    List<PropertySource<?>> base = yaml.load("application", new ClassPathResource("application.yaml"));
    List<PropertySource<?>> prod = yaml.load("production", new ClassPathResource("application-production.yaml"));
    base.forEach(environment.getPropertySources()::addLast);
    for (int i = prod.size() - 1; i >= 0; i--) {
      environment.getPropertySources().addAfter("env", prod.get(i));
    }
    return Binder.get(environment);
  }

  @Test
  void theEnvironmentAloneSwitchesForemanCertmgrAndRogerToKerberos() throws IOException {
    Binder binder = production(Map.of(
        "FOREMAN_AUTH", "kerberos", "CERTMGR_AUTH", "kerberos", "ROGER_AUTH", "kerberos",
        "RUNBOOKS_KERBEROS_PRINCIPAL", "alibuild-runbooks@CERN.CH",
        "CERTMGR_DEREFERENCE_ALIAS", "false"));

    ForemanProperties foreman = binder.bind("runbooks.foreman", ForemanProperties.class).get();
    CertmgrProperties certmgr = binder.bind("runbooks.certmgr", CertmgrProperties.class).get();
    RogerProperties roger = binder.bind("runbooks.roger", RogerProperties.class).get();

    for (var p : List.of(
        new Object[] {foreman.getAuth(), foreman.getKerberos()},
        new Object[] {certmgr.getAuth(), certmgr.getKerberos()},
        new Object[] {roger.getAuth(), roger.getKerberos()})) {
      assertThat(p[0]).isEqualTo(AuthMode.KERBEROS);
      KerberosSettings k = (KerberosSettings) p[1];
      assertThat(k.getPrincipal()).isEqualTo("alibuild-runbooks@CERN.CH");
      assertThat(k.getKeytab()).isEqualTo(Path.of("/etc/infra-runbooks/runbooks.keytab"));
      assertThat(k.getKrb5Conf()).isEqualTo(Path.of("/etc/krb5.conf"));
      assertThat(k.getTicketCache()).isNull();
    }
    assertThat(foreman.getKerberos().isDereferenceAlias()).isTrue();
    assertThat(certmgr.getKerberos().isDereferenceAlias()).isFalse();
    assertThat(foreman.getCaBundle()).isEqualTo(Path.of("/etc/pki/tls/certs/CERN-bundle.pem"));
  }

  @Test
  void withNothingSetTheServicesAuthenticateAsBefore() throws IOException {
    Binder binder = production(Map.of());

    assertThat(binder.bind("runbooks.foreman", ForemanProperties.class).get().getAuth()).isNull();
    assertThat(binder.bind("runbooks.certmgr", CertmgrProperties.class).get().getAuth()).isNull();
    assertThat(binder.bind("runbooks.roger", RogerProperties.class).get().getAuth()).isNull();
  }
}
