package org.alisw.runbooks.cli;

/** BPMN excerpts as the engine returns them, for the CLI's reading of approval tasks and end events. */
final class ApprovalXml {

  static final String REBUILD = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d">
        <bpmn:process id="rebuild-agent" isExecutable="true">
          <bpmn:startEvent id="start_event_requested"/>
          <bpmn:userTask id="user_task_discuss" name="Discuss">
            <bpmn:extensionElements><camunda:properties>
              <camunda:property name="runbook.input.discussionOutcome" value="go | no-go"/>
              <camunda:property name="runbook.input.discussionNotes" value="text"/>
            </camunda:properties></bpmn:extensionElements>
          </bpmn:userTask>
          <bpmn:userTask id="user_task_approve_rebuild" name="Approve the rebuild">
            <bpmn:extensionElements><camunda:properties>
              <camunda:property name="runbook.approval" value="approvalDecision"/>
              <camunda:property name="runbook.input.approvalDecision" value="approve | reject"/>
              <camunda:property name="runbook.input.approvalNotes" value="text"/>
            </camunda:properties></bpmn:extensionElements>
          </bpmn:userTask>
          <bpmn:subProcess id="sub_process_x"><bpmn:serviceTask id="service_task_a"/><bpmn:callActivity id="call_activity_b"/></bpmn:subProcess>
          <bpmn:endEvent id="end_event_done"/>
          <bpmn:endEvent id="end_event_rebuild_rejected" name="Not rebuilt: rejected">
            <bpmn:extensionElements><camunda:properties>
              <camunda:property name="runbook.outcome" value="not-done"/>
            </camunda:properties></bpmn:extensionElements>
          </bpmn:endEvent>
        </bpmn:process>
      </bpmn:definitions>
      """;

  private ApprovalXml() {}
}
