package org.alisw.runbooks.runbook.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.alisw.runbooks.certmgr.CertificateStaging;
import org.alisw.runbooks.foreman.ConfigManagementPort;
import org.alisw.runbooks.openstack.CloudPort;
import org.mockito.AdditionalAnswers;
import org.alisw.runbooks.certmgr.StagedCertificate;
import org.alisw.runbooks.host.CommandResult;
import org.alisw.runbooks.host.Docker;
import org.alisw.runbooks.policy.MachineNaming;
import org.alisw.runbooks.policy.MasterZones;
import org.alisw.runbooks.roger.MachineState;
import org.alisw.runbooks.roger.MachineStatePort;
import org.alisw.runbooks.runbook.RunbookSettings;
import org.alisw.runbooks.runbook.RunbookTimings;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;

/** The create runbooks' beans on faked Nova and Foreman and mocked Certmgr, Roger and Docker. */
final class CreateFixture {

  static final String OPERATORS = "alice-agile-admin";
  /** runbooks.mesos.masters as these tests configure it: the names the tests create, not alimesos06. */
  static final List<String> CONFIGURED_MASTERS = List.of("alimesos01", "alimesos02", "alimesos03", "alimesos04", "alimesos05");
  static final String PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyForProcessTests alibuild";

  final FakeCloud cloud = new FakeCloud();
  final FakeForeman foreman = new FakeForeman();
  /** The ports the delegates get: mocks forwarding to the fakes, so a new port method breaks nothing here. */
  final CloudPort cloudPort = mock(CloudPort.class, AdditionalAnswers.delegatesTo(cloud));
  final ConfigManagementPort foremanPort = mock(ConfigManagementPort.class, AdditionalAnswers.delegatesTo(foreman));
  final CertificateStaging certmgr = mock(CertificateStaging.class);
  final MachineStatePort roger = mock(MachineStatePort.class);
  final Docker docker = mock(Docker.class);
  final CreateRules rules;

  CreateFixture() {
    this(PUBLIC_KEY);
  }

  CreateFixture(String publicKey) {
    CreateProperties settings =
        new CreateProperties(
            new CreateProperties.Keypair("alibuild", publicKey),
            "alice-agile-admin",
            "alice-agile-admin",
            "cern.ch",
            Duration.ofMinutes(30),
            Duration.ofMinutes(10),
            Duration.ofMinutes(10),
            new CreateProperties.Agent("alibuild/mesos/slave", "production", "m2.2xlarge", "", "alisw/slc7-builder", null),
            new CreateProperties.Master("release-testing", "alibuild/mesos/master", "alibuild_devel", "m2.large", "", "vdb=200GB"));
    rules =
        new CreateRules(
            new MachineNaming(Pattern.compile("alibuild[0-9]{2,}"), Pattern.compile("alimesos[0-9]{2}")),
            new MasterZones(List.of("cern-geneva-a", "cern-geneva-b", "cern-geneva-c")),
            settings,
            foremanPort,
            Set.of("release-testing", "cloud-tests"));
    when(certmgr.stage(anyString()))
        .thenAnswer(call -> new StagedCertificate(7, call.getArgument(0) + ".cern.ch", "runbooks", "now", "tomorrow"));
    when(roger.update(anyString(), any()))
        .thenAnswer(call -> new MachineState(call.getArgument(0), "build", false, false, false, false, null, null, null));
    when(docker.pullImage(anyString(), anyString()))
        .thenAnswer(call -> new CommandResult(call.getArgument(0), "docker pull", 0, null, "", "", false, false, 1200));
  }

  /** Registers every bean the three BPMN files name. */
  CreateFixture register() {
    Mocks.register("createAgentRequest", new CreateAgentRequest(rules, CreateRules.steps(cloudPort)));
    Mocks.register("createMasterRequest", new CreateMasterRequest(rules, CreateRules.steps(cloudPort), CONFIGURED_MASTERS));
    Mocks.register("provisionRequest", new ProvisionRequest(rules, CreateRules.steps(cloudPort)));
    Mocks.register("ensureAlibuildKeypair", new EnsureKeypairDelegate(cloudPort, rules));
    Mocks.register("registerForemanHost", new RegisterForemanHostDelegate(foremanPort, cloudPort, rules));
    Mocks.register("stageNewCertificate", new StageCertificateDelegate(certmgr));
    Mocks.register("createVolume", new CreateVolumeDelegate(cloudPort, rules));
    Mocks.register("readNewVolumeStatus", new ReadVolumeStatusDelegate(cloudPort));
    Mocks.register("bootServer", new BootServerDelegate(cloudPort, rules, environment -> "#!/bin/sh\n# puppetinit for " + environment + "\n"));
    Mocks.register("setRogerNewMachine", new SetMachineStateDelegate(roger, false));
    Mocks.register("setRogerProduction", new SetMachineStateDelegate(roger, true));
    Mocks.register("readNewServerStatus", new ReadNewServerStatusDelegate(cloudPort));
    Mocks.register("deleteFailedServer", new DeleteFailedServerDelegate(cloudPort));
    Mocks.register("deleteCreatedServer", new DeleteCreatedServerDelegate(cloudPort));
    Mocks.register("readCreatedVolume", new ReadCreatedVolumeDelegate(cloudPort));
    Mocks.register("deleteCreatedVolume", new DeleteCreatedVolumeDelegate(cloudPort));
    Mocks.register("unstageCertificate", new UnstageCertificateDelegate(certmgr));
    Mocks.register("deleteRegisteredForemanHost", new DeleteRegisteredForemanHostDelegate(foremanPort));
    Mocks.register("disableRogerEntry", new DisableRogerEntryDelegate(roger));
    Mocks.register("pullBuilderImage", new PullBuilderImageDelegate(docker, rules.settings()));
    Mocks.register(
        "runbooks",
        new RunbookSettings(new RunbookTimings(Duration.ofSeconds(30), Duration.ofMinutes(20), "R3/PT1M"), OPERATORS));
    Mocks.register("createRunbooks", new CreateSettings(rules.settings()));
    return this;
  }

  static ProcessEngineExtension engine() {
    return ProcessEngineExtension.builder().configurationResource("process-test.camunda.cfg.xml").build();
  }

  /** Runs the one job (async continuation or timer) waiting at this activity, in any instance. */
  static void runJob(String activityId) {
    execute(jobAt(activityId));
  }

  static Job jobAt(String activityId) {
    Job job = managementService().createJobQuery().activityId(activityId).singleResult();
    assertThat(job).as("job at " + activityId).isNotNull();
    return job;
  }

  /**
   * Walks provision-vm from its first step to the boot request: keypair, Foreman, Certmgr, the
   * volume (ready at the second look, or at the first when it was already) when there is one, the
   * boot, Roger.
   */
  void runToBootRequested(boolean volume) {
    runJob("service_task_ensure_keypair");
    runJob("service_task_register_foreman_host");
    runJob("service_task_stage_certificate");
    if (volume) {
      runJob("service_task_create_volume");
      runJob("timer_wait_volume");
      runJob("service_task_read_volume_status");
      cloud.volumes.keySet().forEach(id -> cloud.setVolumeStatus(id, "available"));
      if (managementService().createJobQuery().activityId("timer_wait_volume").count() > 0) {
        runJob("timer_wait_volume");
        runJob("service_task_read_volume_status");
      }
    }
    runJob("service_task_boot_server");
    runJob("service_task_set_roger_build");
  }

  /** One look at the booting server, at the given status. */
  void pollBoot(String status) {
    cloud.servers.keySet().forEach(id -> cloud.setStatus(id, status, "ERROR".equals(status) ? "No valid host was found." : null));
    runJob("timer_wait_boot");
    runJob("service_task_read_boot_status");
  }
}
