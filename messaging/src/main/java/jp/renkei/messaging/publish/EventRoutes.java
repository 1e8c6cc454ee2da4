package jp.renkei.messaging.publish;

import java.util.Set;
import jp.renkei.contracts.events.CloudEvent;

/**
 * Which output binding an event goes out on. A service with one topic has one route for everything
 * ({@code renkei.messaging.publisher.binding}); one with several declares a bean of its own.
 */
public interface EventRoutes {

    String bindingOf(CloudEvent event);

    /** Every binding {@link #bindingOf} may name: the publisher listens for the outcome of each. */
    Set<String> bindings();

    static EventRoutes single(String binding) {
        return new EventRoutes() {
            @Override
            public String bindingOf(CloudEvent event) {
                return binding;
            }

            @Override
            public Set<String> bindings() {
                return Set.of(binding);
            }
        };
    }
}
