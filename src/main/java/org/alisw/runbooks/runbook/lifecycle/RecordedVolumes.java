package org.alisw.runbooks.runbook.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.alisw.runbooks.runbook.approval.FrozenPlan;
import org.springframework.stereotype.Component;

/** The multi-instance collection of delete-vm's volume loop: {@code ${recordedVolumes.ids(execution.getVariable('volumesToDelete'))}}: none when nothing was recorded. */
@Component("recordedVolumes")
public class RecordedVolumes {

  /** The ids recorded by {@link RecordVolumesDelegate} ({@code {"ids": [...]}}); none when nothing was recorded. */
  public List<String> ids(Object recorded) {
    List<String> ids = new ArrayList<>();
    if (recorded instanceof String text && FrozenPlan.parse(text).get("ids") instanceof List<?> list) {
      list.forEach(id -> ids.add(id.toString()));
    }
    return ids;
  }
}
