package org.alisw.runbooks.runbook.check;

import java.util.List;
import org.alisw.runbooks.foreman.ForemanException;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * "To get the Puppet rights, ask to become member of alice-agile-admin": Foreman answers and shows
 * the entries (hostgroups, environments) the guide registers hosts with.
 */
abstract class ForemanLookupDelegate extends CheckDelegate {

  final PreflightRequest request;

  ForemanLookupDelegate(PreflightRequest request) {
    this.request = request;
  }

  /** "hostgroups", "environments". */
  abstract String kind();

  abstract List<String> expected();

  abstract boolean exists(String entry);

  String name() {
    return "Foreman: " + kind() + " " + String.join(", ", expected());
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    List<String> missing = expected().stream().filter(e -> !exists(e)).toList();
    if (missing.isEmpty()) {
      return CheckItem.passed(name(), "Foreman answers and shows all " + expected().size());
    }
    return CheckItem.failed(
        name(),
        "Foreman does not show: " + String.join(", ", missing),
        "Ask to become member of the " + request.settings().puppetEgroup()
            + " egroup (egroups.cern.ch) and of alice-puppet to use these hostgroups; check the names in runbooks.preflight."
            + kind() + ".");
  }

  @Override
  CheckItem failed(DelegateExecution execution, RuntimeException e) {
    String whatToDo;
    if (e instanceof ForemanException f && (f.status() == 401 || f.status() == 403)) {
      whatToDo = "Check FOREMAN_USER/FOREMAN_PASSWORD or FOREMAN_TOKEN (runbooks.foreman.*); ask to become member of the "
          + request.settings().puppetEgroup() + " egroup.";
    } else if (e instanceof ForemanException f && f.status() == 0) {
      whatToDo = "Foreman did not answer: check runbooks.foreman.url (FOREMAN_URL) and Foreman's status, then run the preflight again.";
    } else {
      whatToDo = "Look at Foreman's message; check runbooks.foreman.url and the credentials.";
    }
    return CheckItem.failed(name(), message(e), whatToDo);
  }
}
