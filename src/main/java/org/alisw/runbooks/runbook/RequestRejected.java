package org.alisw.runbooks.runbook;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;

/**
 * Bad input refused before a runbook starts. It extends the engine's form validation exception
 * because that is the one {@code /submit-form} (Tasklist's start form) answers with HTTP 400 and
 * the message; {@code /start} answers every engine exception with 500, still with the message.
 * This is the only place that depends on that engine-internal class.
 */
public class RequestRejected extends FormFieldValidationException {

  /**
   * @param field the variable at fault, e.g. {@code hostname}
   * @param message what is wrong, in words an operator can act on
   */
  public RequestRejected(String field, String message) {
    super(field, message);
  }
}
