package org.alisw.runbooks.ops.notify;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Webhook notifications (docs/operations.md, "Notifications"); off unless a webhook URL is set. */
@Configuration(proxyBeanMethods = false)
class NotifyConfiguration {

  private static final Logger log = LoggerFactory.getLogger(NotifyConfiguration.class);

  @Bean(destroyMethod = "close")
  WebhookNotifier webhookNotifier(NotifyProperties properties) {
    ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ops-notify");
      t.setDaemon(true);
      return t;
    });
    WebhookNotifier notifier = new WebhookNotifier(properties, sender);
    log.info(notifier.enabled() ? "Notifications on: user tasks and incidents are posted to the webhook" : "Notifications off (runbooks.ops.notify.webhook-url is empty)");
    return notifier;
  }

  @Bean
  NotifyPlugin opsNotifyPlugin(WebhookNotifier notifier) {
    return new NotifyPlugin(new Notifications(notifier));
  }
}
