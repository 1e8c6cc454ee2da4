package jp.renkei.sync.notice;

import java.util.Set;
import jp.renkei.contracts.events.CloudEvent;
import jp.renkei.contracts.events.SyncEventTypes;
import jp.renkei.messaging.outbox.Outbox;
import jp.renkei.messaging.publish.EventRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the messaging module's relay publishes here ({@link Notices}), and on which binding each event goes out. */
@Configuration(proxyBeanMethods = false)
class NoticePublishing {

    @Bean
    Outbox outbox(Notices notices) {
        return notices.outbox();
    }

    /** Collaboration events on {@code renkei.collaboration.events}, notices on {@code renkei.sync.events}. */
    @Bean
    EventRoutes eventRoutes() {
        return new EventRoutes() {
            @Override
            public String bindingOf(CloudEvent event) {
                return SyncEventTypes.isCollaboration(event.type()) ? Notices.COLLABORATION_BINDING
                        : Notices.SYNC_BINDING;
            }

            @Override
            public Set<String> bindings() {
                return Set.of(Notices.SYNC_BINDING, Notices.COLLABORATION_BINDING);
            }
        };
    }
}
