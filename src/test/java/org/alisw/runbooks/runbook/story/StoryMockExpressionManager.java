package org.alisw.runbooks.runbook.story;

import java.beans.FeatureDescriptor;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.camunda.bpm.engine.test.mock.MockExpressionManager;
import org.camunda.bpm.impl.juel.jakarta.el.CompositeELResolver;
import org.camunda.bpm.impl.juel.jakarta.el.ELContext;
import org.camunda.bpm.impl.juel.jakarta.el.ELResolver;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * The process tests' expression manager (process-test.camunda.cfg.xml): Camunda's
 * {@link MockExpressionManager} (beans a test registers with {@code Mocks}) plus the real
 * {@code ${runbookTaskStory}} listener with every {@link RunbookStory} of the application, so every
 * user task of every process test gets its story as in the application, without each test
 * registering it. A test may still register its own {@code runbookTaskStory}: Mocks come first.
 */
public class StoryMockExpressionManager extends MockExpressionManager {

  static final TaskStoryListener LISTENER = new TaskStoryListener(applicationStories());

  @Override
  protected ELResolver createElResolver() {
    CompositeELResolver resolver = new CompositeELResolver();
    resolver.add(super.createElResolver());
    resolver.add(new StoryResolver());
    return resolver;
  }

  /** Every RunbookStory class of the application, made with its no-argument constructor (as Spring would). */
  static List<RunbookStory> applicationStories() {
    ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AssignableTypeFilter(RunbookStory.class));
    List<RunbookStory> stories = new ArrayList<>();
    for (BeanDefinition definition : scanner.findCandidateComponents("org.alisw.runbooks.runbook")) {
      try {
        Constructor<?> constructor = Class.forName(definition.getBeanClassName()).getDeclaredConstructor();
        constructor.setAccessible(true);
        stories.add((RunbookStory) constructor.newInstance());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot make " + definition.getBeanClassName(), e);
      }
    }
    return stories;
  }

  private static final class StoryResolver extends ELResolver {

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
      if (base == null && "runbookTaskStory".equals(property)) {
        context.setPropertyResolved(true);
        return LISTENER;
      }
      return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
      return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {}

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
      return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
      return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
      return Object.class;
    }
  }
}
