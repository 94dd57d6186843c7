package org.alisw.runbooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;

/**
 * BPMN names delegates by bean name ({@code ${stageCertificate}}), so two runbooks' delegates must
 * never share one: Spring refuses to start, and only the end-to-end tests would notice. This finds
 * a clash in a second, naming both classes.
 */
class BeanNamesTest {

  @Test
  void everyComponentAndBeanMethodHasItsOwnName() throws Exception {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
    AnnotationBeanNameGenerator names = AnnotationBeanNameGenerator.INSTANCE;
    SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
    Map<String, List<String>> declaredBy = new TreeMap<>();
    for (BeanDefinition component : scanner.findCandidateComponents("org.alisw.runbooks")) {
      String className = component.getBeanClassName();
      if (isTestSource(className)) {
        continue; // slice tests declare their own small contexts
      }
      declaredBy.computeIfAbsent(names.generateBeanName(component, registry), k -> new ArrayList<>()).add(className);
      for (Method method : Class.forName(className).getDeclaredMethods()) {
        Bean bean = method.getAnnotation(Bean.class);
        if (bean != null) {
          String name = bean.name().length > 0 ? bean.name()[0] : bean.value().length > 0 ? bean.value()[0] : method.getName();
          declaredBy.computeIfAbsent(name, k -> new ArrayList<>()).add(className + "#" + method.getName());
        }
      }
    }

    assertThat(declaredBy).isNotEmpty();
    assertThat(declaredBy.entrySet().stream().filter(e -> e.getValue().size() > 1).toList())
        .as("bean names declared more than once")
        .isEmpty();
  }

  private static boolean isTestSource(String className) {
    String outer = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
    return outer.endsWith("Test") || outer.endsWith("IT");
  }
}
