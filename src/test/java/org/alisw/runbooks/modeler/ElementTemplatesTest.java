package org.alisw.runbooks.modeler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.alisw.runbooks.modeler.ElementTemplates.Template;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;

/**
 * Issue 15: "a new runbook can be drawn in Modeler without knowing bean names". Every service task
 * of {@code processes/} is exactly what one element template draws, every template is valid for
 * Camunda Modeler (the element-templates JSON schema) and names a bean the application has.
 */
class ElementTemplatesTest {

  private static final Path VENDORED_SCHEMA = Path.of("src/test/resources/element-templates/schema.json");
  private static final Path NPM_SCHEMA = Path.of("node_modules/@camunda/element-templates-json-schema/resources/schema.json");

  private final ElementTemplates templates = ElementTemplates.load();

  @Test
  void everyServiceTaskOfTheRunbooksMatchesATemplate() throws Exception {
    List<String> problems = new ArrayList<>();
    int tasks = 0;
    for (Path file : bpmnFiles()) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      tasks += model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.ServiceTask.class).size();
      problems.addAll(templates.problems(file.getFileName().toString(), model));
    }
    assertThat(tasks).as("service tasks in processes/").isGreaterThan(50);
    assertThat(problems).as("tasks not drawn from an element template").isEmpty();
  }

  @Test
  void aServiceTaskWithAnUntemplatedBeanIsReported() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("drawn-by-hand")
        .startEvent()
        .serviceTask("service_task_new_step").name("A new step").camundaDelegateExpression("${someNewDelegate}")
        .camundaAsyncBefore()
        .endEvent()
        .done();

    assertThat(templates.problems("drawn-by-hand.bpmn", model))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("service_task_new_step", "no element template", "${someNewDelegate}");
  }

  @Test
  void aServiceTaskThatDiffersFromItsTemplateIsReported() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("drawn-by-hand")
        .startEvent()
        .serviceTask("service_task_reboot").name("Reboot").camundaDelegateExpression("${hardRebootServer}")
        .endEvent()
        .done();

    assertThat(templates.problems("drawn-by-hand.bpmn", model))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("org.alisw.runbooks.hard-reboot-server", "asyncBefore: task has 'false', template 'true'",
            "retryTimeCycle: task has nothing, template '${runbooks.retryCycle}'");
  }

  @Test
  void aTemplatedTaskWithTheRetryCycleAndAsyncFlagMatches() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("drawn-by-hand")
        .startEvent()
        .serviceTask("service_task_reboot").name("Reboot").camundaDelegateExpression("${hardRebootServer}")
        .camundaAsyncBefore().camundaFailedJobRetryTimeCycle("${runbooks.retryCycle}")
        .endEvent()
        .done();
    model.getModelElementById("service_task_reboot").setAttributeValueNs(ElementTemplates.CAMUNDA_NS, "modelerTemplate", "org.alisw.runbooks.hard-reboot-server");

    assertThat(templates.problems("drawn-by-hand.bpmn", model)).isEmpty();
  }

  @Test
  void everyTemplateIsValidAgainstCamundasElementTemplatesSchema() throws Exception {
    Schema schema;
    try (InputStream in = Files.newInputStream(VENDORED_SCHEMA)) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in, InputFormat.JSON);
    }
    List<Path> files = ElementTemplates.files(ElementTemplates.DIRECTORY);
    assertThat(files).hasSizeGreaterThan(10);
    for (Path file : files) {
      List<Error> errors = schema.validate(Files.readString(file), InputFormat.JSON);
      assertThat(errors).as(file + " against the element-templates schema").isEmpty();
    }
    List<Error> broken = schema.validate("[{\"name\": \"x\", \"id\": \"x\", \"appliesTo\": [\"bpmn:ServiceTask\"], \"properties\": [{\"type\": \"Hidden\", \"value\": \"v\"}]}]", InputFormat.JSON);
    assertThat(broken).as("a property without binding is refused by the schema").isNotEmpty();
  }

  @Test
  void theVendoredSchemaIsTheOneTheNpmDevDependencyPins() throws Exception {
    Assumptions.assumeTrue(Files.exists(NPM_SCHEMA), "node_modules not installed (npm ci): the vendored schema is used alone");
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(VENDORED_SCHEMA.toFile())).isEqualTo(json.readTree(NPM_SCHEMA.toFile()));
  }

  @Test
  void everyTemplateHasItsOwnIdAndEveryFileDeclaresTheSchema() throws Exception {
    Set<String> ids = new TreeSet<>();
    for (Template template : templates.all()) {
      assertThat(ids.add(template.id() + "@" + template.json().path("version").asInt())).as("template id " + template.id() + " used twice").isTrue();
      assertThat(template.json().path("$schema").asText()).as(template.id())
          .isEqualTo("https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json");
      assertThat(template.id()).startsWith("org.alisw.runbooks.");
    }
  }

  @Test
  void everyTemplatedDelegateIsABeanOfTheApplication() throws Exception {
    Set<String> beans = applicationBeanNames();
    List<String> missing = templates.all().stream()
        .filter(t -> t.delegateBean() != null && !beans.contains(t.delegateBean()))
        .map(t -> t.file() + " " + t.id() + ": ${" + t.delegateBean() + "}")
        .toList();
    assertThat(templates.all().stream().filter(t -> t.delegateBean() != null)).hasSizeGreaterThan(50);
    assertThat(missing).as("templates naming a bean no @Component or @Bean declares").isEmpty();
  }

  @Test
  void everyServiceTemplateIsUsedByARunbook() throws Exception {
    Set<String> used = new TreeSet<>();
    for (Path file : bpmnFiles()) {
      Bpmn.readModelFromFile(file.toFile()).getModelElementsByType(org.camunda.bpm.model.bpmn.instance.ServiceTask.class)
          .forEach(task -> used.add(task.getCamundaDelegateExpression()));
    }
    assertThat(templates.all().stream()
            .filter(t -> t.appliesTo().contains("bpmn:ServiceTask"))
            .map(t -> (String) t.signature().get("delegateExpression"))
            .filter(d -> !used.contains(d)))
        .as("templates of steps no runbook uses (stale after a rename?)")
        .isEmpty();
  }

  /** The names Spring gives the application's components and @Bean methods (as BeanNamesTest scans them). */
  static Set<String> applicationBeanNames() throws Exception {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
    SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
    Set<String> names = new TreeSet<>();
    for (BeanDefinition component : scanner.findCandidateComponents("org.alisw.runbooks")) {
      String className = component.getBeanClassName();
      String outer = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
      if (outer.endsWith("Test") || outer.endsWith("IT") || outer.contains(".sandbox.")) {
        continue;
      }
      names.add(AnnotationBeanNameGenerator.INSTANCE.generateBeanName(component, registry));
      for (Method method : Class.forName(className).getDeclaredMethods()) {
        Bean bean = method.getAnnotation(Bean.class);
        if (bean != null) {
          names.add(bean.name().length > 0 ? bean.name()[0] : bean.value().length > 0 ? bean.value()[0] : method.getName());
        }
      }
    }
    return names;
  }

  static List<Path> bpmnFiles() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("processes"))) {
      return files.filter(p -> p.toString().endsWith(".bpmn")).sorted().collect(Collectors.toList());
    }
  }
}
