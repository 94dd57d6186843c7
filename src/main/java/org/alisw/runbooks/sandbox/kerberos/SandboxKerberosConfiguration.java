package org.alisw.runbooks.sandbox.kerberos;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import org.alisw.runbooks.sandbox.http.NegotiateAcceptor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;

/**
 * Profile {@code sandbox-kerberos} (with {@code sandbox}): the sandbox with a KDC of its own, the
 * simulated Foreman, Certmgr and Roger accepting only Negotiate tokens, and the three adapters on
 * {@code auth=kerberos} (application-sandbox-kerberos.yaml), to rehearse the production setup.
 * The KDC starts before any other bean is made, so the adapters find their keytab and krb5.conf.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox & sandbox-kerberos")
class SandboxKerberosConfiguration {

  /** Starts the KDC while bean definitions are processed: before the adapters exist. */
  static final class KdcStarter implements BeanFactoryPostProcessor, EnvironmentAware, DisposableBean {

    private Environment environment;
    private SandboxKdc kdc;

    @Override
    public void setEnvironment(Environment environment) {
      this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
      Path dir = Path.of(environment.getRequiredProperty("runbooks.sandbox.kerberos.directory"));
      kdc = SandboxKdc.start(
          dir,
          environment.getProperty("runbooks.sandbox.kerberos.realm", "SANDBOX.RUNBOOKS"),
          environment.getProperty("runbooks.sandbox.kerberos.engine-principal", "runbooks"),
          serviceHost(),
          environment.getProperty("runbooks.sandbox.kerberos.ticket-lifetime", Duration.class, Duration.ofMinutes(10)));
      beanFactory.registerSingleton("sandboxKerberosAcceptor",
          new NegotiateAcceptor(dir.resolve(SandboxKdc.SERVICE_KEYTAB), kdc.servicePrincipal()));
    }

    /** The simulators listen on 127.0.0.1; the adapters dereference it to its reverse name. */
    private static String serviceHost() {
      try {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, 1}).getCanonicalHostName();
      } catch (UnknownHostException e) {
        return "127.0.0.1";
      }
    }

    @Override
    public void destroy() {
      if (kdc != null) {
        kdc.close();
      }
    }
  }

  @Bean
  static KdcStarter sandboxKerberosKdc() {
    return new KdcStarter();
  }
}
