package org.alisw.runbooks.certmgr;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Certmgr adapter, pointed at {@code runbooks.certmgr.url} (real or simulated). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CertmgrProperties.class)
public class CertmgrConfiguration {

  @Bean
  CertificateStaging certificateStaging(CertmgrProperties properties) {
    return new CertmgrClient(properties);
  }
}
