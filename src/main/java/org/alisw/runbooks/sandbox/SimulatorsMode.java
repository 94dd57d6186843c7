package org.alisw.runbooks.sandbox;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * On a configuration of the sandbox's simulators: they start inside this application unless
 * {@code runbooks.sandbox.simulators=external}. External means another process (a test that kills
 * and restarts the engine JVM) runs them, and the engine is only told where they listen:
 * {@code sandbox.port.<name>} and {@code runbooks.sandbox.ssh.directory} on its command line. The
 * production adapters are pointed at them by application-sandbox.yaml either way.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@ConditionalOnProperty(
    name = SimulatorsMode.PROPERTY,
    havingValue = SimulatorsMode.EMBEDDED,
    matchIfMissing = true)
public @interface SimulatorsMode {

  /** {@code embedded} (the default) or {@code external}. */
  String PROPERTY = "runbooks.sandbox.simulators";

  String EMBEDDED = "embedded";

  String EXTERNAL = "external";
}
