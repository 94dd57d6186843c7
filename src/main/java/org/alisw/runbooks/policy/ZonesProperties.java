package org.alisw.runbooks.policy;

import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code runbooks.policy.zones.*}: where masters may run ("ZONE=cern-geneva-&lt;X&gt;, &lt;X&gt;
 * needs to be in {a,b,c}, make sure you use different zones").
 *
 * @param master the availability zones a master may be created in
 */
@Validated
@ConfigurationProperties("runbooks.policy.zones")
public record ZonesProperties(
    @DefaultValue({"cern-geneva-a", "cern-geneva-b", "cern-geneva-c"}) @NotEmpty List<String> master) {

  public ZonesProperties {
    master = List.copyOf(master);
  }
}
