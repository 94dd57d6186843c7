package org.alisw.runbooks.runbook.verify;

import org.alisw.runbooks.runbook.RequestRejected;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Report the puppet errors": retrying needs no words, ending the verification as failed needs a
 * note ({@code puppetNotes}) saying what was found and reported, kept in history.
 */
@Component("giveUpNoteCheck")
class GiveUpNoteCheck implements TaskListener {

  static final String DECISION = "decision";
  static final String NOTES = "puppetNotes";

  @Override
  public void notify(DelegateTask task) {
    Object decision = task.getVariable(DECISION);
    Object notes = task.getVariable(NOTES);
    if ("give-up".equals(decision) && (notes == null || notes.toString().isBlank())) {
      throw new RequestRejected(NOTES, "Ending the verification as failed needs a note (variable '" + NOTES + "'): what the errors are and where you reported them.");
    }
  }
}
