package jp.renkei.sync.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import jp.renkei.sync.event.RoutedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which events a subscription selects: every selector that is set must be met, by any one of its values. */
class SubscriptionTest {

    private static final String REVISED = "jp.renkei.plan.measure.revised.v1";
    private static final RoutedEvent EVENT = new RoutedEvent(REVISED, "abashiri-comprehensive-plan", 5, "5-2",
            Set.of("5-2-2", "5-2-1"), Set.of("広域連携", "定住自立圏"), null);
    private static final RoutedEvent BARE = new RoutedEvent(REVISED, null, null, null, Set.of(), Set.of(), null);

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(textBlock = """
            jp.renkei.plan.measure.revised.v1,                        true
            jp.renkei.plan.measure.*,                                 true
            jp.renkei.plan.*,                                         true
            *,                                                        true
            jp.renkei.plan.measure.revised.v1*,                       true
            jp.renkei.plan.measure.revised.v2,                        false
            jp.renkei.plan.measure.revised,                           false
            jp.renkei.plan.measure.revised.v1.extra,                  false
            jp.renkei.consultation.*,                                 false
            jp.renkei.plan.measure.revised.v1x*,                      false
            jp.renkei.plan.measure.revised.*;jp.renkei.plan.*,        true
            jp.renkei.consultation.*;jp.renkei.plan.measure.revised.v1, true
            """)
    void selectsByExactTypeOrByAPrefixEndingInAnAsterisk(String patterns, boolean selected) {
        Subscription subscription = subscription(List.of(patterns.split(";")), null, null, null, null, null);

        assertThat(subscription.matches(EVENT)).isEqualTo(selected);
    }

    @Test
    void aSubscriptionWithoutSelectorsTakesEverything() {
        Subscription everything = subscription(null, null, null, null, null, null);

        assertThat(everything.matches(EVENT)).isTrue();
        assertThat(everything.matches(BARE)).isTrue();
        assertThat(everything.eventTypes()).isEmpty();
        assertThat(everything.tags()).isEmpty();
    }

    @Test
    void eachSelectorIsMetByAnyOfItsValues() {
        assertThat(subscription(null, List.of("other", "abashiri-comprehensive-plan"), null, null, null, null)
                .matches(EVENT)).isTrue();
        assertThat(subscription(null, null, List.of(4, 5), null, null, null).matches(EVENT)).isTrue();
        assertThat(subscription(null, null, null, List.of("5-1", "5-2"), null, null).matches(EVENT)).isTrue();
        assertThat(subscription(null, null, null, null, List.of("5-1-1", "5-2-1"), null).matches(EVENT)).isTrue();
        assertThat(subscription(null, null, null, null, null, List.of("消防", "定住自立圏")).matches(EVENT)).isTrue();
    }

    @Test
    void eachSelectorThatIsSetMustBeMet() {
        assertThat(subscription(null, List.of("other-plan"), null, null, null, null).matches(EVENT)).isFalse();
        assertThat(subscription(null, null, List.of(4), null, null, null).matches(EVENT)).isFalse();
        assertThat(subscription(null, null, null, List.of("5-1"), null, null).matches(EVENT)).isFalse();
        assertThat(subscription(null, null, null, null, List.of("5-1-1"), null).matches(EVENT)).isFalse();
        assertThat(subscription(null, null, null, null, null, List.of("消防")).matches(EVENT)).isFalse();
        // all met but one
        assertThat(subscription(List.of(REVISED), List.of("abashiri-comprehensive-plan"), List.of(5), List.of("5-2"),
                List.of("5-2-2"), List.of("消防")).matches(EVENT)).isFalse();
        assertThat(subscription(List.of(REVISED), List.of("abashiri-comprehensive-plan"), List.of(5), List.of("5-2"),
                List.of("5-2-2"), List.of("広域連携")).matches(EVENT)).isTrue();
    }

    @Test
    void anEventWithoutAnAttributeIsNotSelectedByASelectorOnIt() {
        assertThat(subscription(null, List.of("abashiri-comprehensive-plan"), null, null, null, null).matches(BARE))
                .isFalse();
        assertThat(subscription(null, null, List.of(5), null, null, null).matches(BARE)).isFalse();
        assertThat(subscription(null, null, null, List.of("5-2"), null, null).matches(BARE)).isFalse();
        assertThat(subscription(null, null, null, null, List.of("5-2-2"), null).matches(BARE)).isFalse();
        assertThat(subscription(null, null, null, null, null, List.of("広域連携")).matches(BARE)).isFalse();
    }

    private static Subscription subscription(List<String> eventTypes, List<String> plans, List<Integer> goals,
                                             List<String> areas, List<String> measures, List<String> tags) {
        return new Subscription("sub-1", "ozora", "大空町の定住自立圏", eventTypes, plans, goals, areas, measures, tags,
                Subscription.DeliveryMode.WEBHOOK, null, false);
    }
}
