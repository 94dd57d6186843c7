package org.alisw.runbooks.runbook.check;

import java.util.List;
import org.alisw.runbooks.foreman.ForemanException;
import org.alisw.runbooks.foreman.ForemanProperties;
import org.alisw.runbooks.http.AuthMode;
import org.alisw.runbooks.kerberos.KerberosSettings;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * "To get the Puppet rights, ask to become member of alice-agile-admin": Foreman answers and shows
 * the entries (hostgroups, environments) the guide registers hosts with.
 */
abstract class ForemanLookupDelegate extends CheckDelegate {

  final PreflightRequest request;
  private final ForemanProperties foreman;

  ForemanLookupDelegate(PreflightRequest request, ForemanProperties foreman) {
    this.request = request;
    this.foreman = foreman;
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
      whatToDo = credentialsAdvice() + "; ask to become member of the " + request.settings().puppetEgroup() + " egroup.";
    } else if (e instanceof ForemanException f && f.status() == 0) {
      whatToDo = "Foreman did not answer: check runbooks.foreman.url (FOREMAN_URL) and Foreman's status, then run the preflight again.";
    } else {
      whatToDo = "Look at Foreman's message; check runbooks.foreman.url and the credentials.";
    }
    return CheckItem.failed(name(), message(e), whatToDo);
  }

  /** What to check after a 401/403, for the authentication Foreman is configured with. */
  private String credentialsAdvice() {
    AuthMode mode = foreman.getAuth();
    if (mode == null) {
      return "Check FOREMAN_USER/FOREMAN_PASSWORD or FOREMAN_TOKEN (runbooks.foreman.*)";
    }
    return switch (mode) {
      case PASSWORD -> "Check FOREMAN_USER and FOREMAN_PASSWORD (runbooks.foreman.username, runbooks.foreman.password;"
          + " runbooks.foreman.auth=password)";
      case TOKEN -> "Check FOREMAN_TOKEN (runbooks.foreman.token; runbooks.foreman.auth=token)";
      case KERBEROS -> {
        KerberosSettings k = foreman.getKerberos();
        String principal = k.getPrincipal() == null || k.getPrincipal().isBlank() ? "(none set)" : k.getPrincipal();
        yield "Foreman authenticates with Kerberos (runbooks.foreman.auth=kerberos): check that the engine's principal "
            + principal + " (RUNBOOKS_KERBEROS_PRINCIPAL, runbooks.foreman.kerberos.principal) is a Foreman user, that its"
            + " keytab (" + (k.getKeytab() == null ? "none set" : k.getKeytab()) + ") is current (cern-get-keytab), that"
            + " a load-balanced Foreman alias is dereferenced (runbooks.foreman.kerberos.dereference-alias="
            + k.isDereferenceAlias() + "), and that the clocks are in sync";
      }
    };
  }
}
