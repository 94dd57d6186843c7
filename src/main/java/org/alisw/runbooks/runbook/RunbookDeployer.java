package org.alisw.runbooks.runbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the runbooks from the {@code processes/} folder when the engine starts.
 *
 * <p>Resources are named by their path relative to that folder ({@code reboot-server.bpmn}, {@code
 * forms/reboot-server-start.form}), and only changed resources are deployed: a restart with
 * unchanged files creates no deployment, a changed file creates one new deployment holding only
 * that file, hence one new version of only that process. The Spring Boot starter's own
 * auto-deployment is switched off because it names file resources by their absolute path (so a
 * checkout in another folder redeploys everything) and redeploys everything on every start.
 */
public class RunbookDeployer extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(RunbookDeployer.class);
  private static final Set<String> DEPLOYABLE = Set.of(".bpmn", ".dmn", ".form");

  private final Path directory;
  private final String deploymentName;

  public RunbookDeployer(Path directory, String deploymentName) {
    this.directory = directory.toAbsolutePath().normalize();
    this.deploymentName = deploymentName;
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    List<Path> files = deployableFiles();
    if (files.isEmpty()) {
      LOG.warn("No runbooks found under {}: nothing deployed", directory);
      return;
    }
    DeploymentBuilder builder =
        engine
            .getRepositoryService()
            .createDeployment()
            .name(deploymentName)
            .source(directory.getFileName().toString())
            .enableDuplicateFiltering(true);
    files.forEach(file -> builder.addString(resourceName(file), read(file)));
    long before = deploymentCount(engine);
    Deployment deployment = builder.deploy();
    if (deploymentCount(engine) == before) {
      LOG.info("Runbooks from {}: {} file(s), all unchanged", directory, files.size());
    } else {
      LOG.info(
          "Runbooks from {}: {} file(s), changed ones deployed as {}: {}",
          directory,
          files.size(),
          deployment.getId(),
          engine.getRepositoryService().getDeploymentResourceNames(deployment.getId()));
    }
  }

  private long deploymentCount(ProcessEngine engine) {
    return engine.getRepositoryService().createDeploymentQuery().deploymentName(deploymentName).count();
  }

  private List<Path> deployableFiles() {
    if (!Files.isDirectory(directory)) {
      throw new IllegalStateException(
          "The runbook folder "
              + directory
              + " does not exist: start from the project folder or set runbooks.deployment.directory");
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile).filter(RunbookDeployer::isDeployable).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the runbooks under " + directory, e);
    }
  }

  private static boolean isDeployable(Path file) {
    String name = file.getFileName().toString();
    return DEPLOYABLE.stream().anyMatch(name::endsWith);
  }

  /** {@code forms/x.form}, with forward slashes on every platform. */
  private String resourceName(Path file) {
    return directory.relativize(file).toString().replace('\\', '/');
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read runbook resource " + file, e);
    }
  }
}
