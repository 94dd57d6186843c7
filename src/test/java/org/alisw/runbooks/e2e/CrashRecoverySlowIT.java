package org.alisw.runbooks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alisw.runbooks.e2e.process.EngineClient;
import org.alisw.runbooks.e2e.process.EngineProcess;
import org.alisw.runbooks.e2e.process.Simulators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashRecoverySlowIT {

  @TempDir Path data;

  @Test
  void smoke() {
    try (Simulators simulators = Simulators.start(data.resolve("simulators"))) {
      List<String> args = new ArrayList<>(simulators.engineArguments());
      args.add("--spring.datasource.url=jdbc:h2:file:" + data.resolve("db/runbooks").toAbsolutePath());
      args.add("--sandbox.accounts.operator1-password=crash-operator1");
      args.add("--runbooks.openstack.start-check-timeout=PT30S");
      long t0 = System.currentTimeMillis();
      try (EngineProcess engine = EngineProcess.start("crash-smoke", args, Duration.ofMinutes(3))) {
        System.out.println("READY after " + (System.currentTimeMillis() - t0) + " ms");
        EngineClient op1 = new EngineClient(engine.baseUrl(), "operator1", "crash-operator1");
        String id = op1.start("reboot-server", Map.of("hostname", "alibuild04", "reason", "smoke"));
        await().atMost(Duration.ofSeconds(120)).until(() -> op1.state(id).equals("COMPLETED"));
        System.out.println("DONE after " + (System.currentTimeMillis() - t0) + " ms");
      }
    }
  }
}
