package org.alisw.runbooks.host;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A puppet agent command line whose output may be kept in process history and whose exit code
 * the converge loop can judge: see {@link PuppetAgentCommandValidator} for the rules and why.
 */
@Documented
@Constraint(validatedBy = PuppetAgentCommandValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface PuppetAgentCommand {

  String message() default "is not a puppet agent command the runbooks can use";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
