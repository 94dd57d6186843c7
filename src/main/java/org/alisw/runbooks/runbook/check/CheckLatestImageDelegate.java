package org.alisw.runbooks.runbook.check;

import org.alisw.runbooks.openstack.CloudImage;
import org.alisw.runbooks.openstack.CloudNotFoundException;
import org.alisw.runbooks.openstack.CloudPort;
import org.alisw.runbooks.openstack.ImageFamily;
import org.alisw.runbooks.openstack.OpenStackProperties;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** "The build nodes should use the latest CC7 - x86_64 image": ai-bs's --cc7 finds one. */
@Component("preflightLatestImage")
class CheckLatestImageDelegate extends PreflightCheckDelegate {

  private final CloudPort cloud;
  /** The configured family, null for the default one. */
  private final String family;
  /** How the family is shown: "CC7 - x86_64" (its name prefix) or its key. */
  private final String label;

  @Autowired
  CheckLatestImageDelegate(CloudPort cloud, PreflightRequest request, OpenStackProperties openStack) {
    this(cloud, request, request.settings().imageFamily(), label(openStack, request.settings().imageFamily()));
  }

  CheckLatestImageDelegate(CloudPort cloud, PreflightRequest request, String family, String label) {
    super(request);
    this.cloud = cloud;
    this.family = family;
    this.label = label;
  }

  private static String label(OpenStackProperties openStack, String family) {
    String key = family == null ? openStack.defaultImageFamily() : family;
    ImageFamily configured = openStack.imageFamilies().get(key);
    return configured != null && configured.namePrefix() != null ? configured.namePrefix() : key;
  }

  @Override
  String what() {
    return "latest " + label + " image";
  }

  @Override
  CheckItem check(DelegateExecution execution) {
    String project = project(execution);
    return cloud.latestImage(project, family)
        .map(image -> CheckItem.passed(name(execution), describe(image)))
        .orElseGet(() -> CheckItem.failed(
            name(execution),
            "no active " + label + " image (os_distro properties, edition, x86_64, release_date) is visible",
            "Check 'openstack image list' in " + request.projectName(project)
                + "; ask the CERN cloud team whether the image family moved (runbooks.openstack.image-families)."));
  }

  private static String describe(CloudImage image) {
    String release = image.property("release_date");
    return image.name() + " (" + image.id() + (release == null ? "" : ", released " + release) + ")";
  }

  @Override
  String whatToDo(DelegateExecution execution, RuntimeException e) {
    if (e instanceof CloudNotFoundException) {
      return "Configure the image family in runbooks.openstack.image-families or fix runbooks.preflight.image-family.";
    }
    return super.whatToDo(execution, e);
  }
}
