package jp.renkei.sync.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import jp.renkei.contracts.events.CloudEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** What subscriptions select on, read from an event's payload: its routing attributes and nothing else. */
class RoutedEventTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TYPE = "jp.renkei.plan.measure.revised.v1";

    @Test
    void readsEveryRoutingAttributeOfThePayload() {
        RoutedEvent routed = route("""
                {"planId":"abashiri-comprehensive-plan","goalNumber":5,"areaId":"5-2","measureId":"5-2-2",
                 "measureIds":["5-2-1"],"tags":["広域連携","定住自立圏"],"note":"大空町と"}""");

        assertThat(routed).isEqualTo(new RoutedEvent(TYPE, "abashiri-comprehensive-plan", 5, "5-2",
                Set.of("5-2-1", "5-2-2"), Set.of("広域連携", "定住自立圏"), null));
        assertThat(routed.isAddressed()).isFalse();
    }

    @Test
    void anEventWithAddresseesIsAddressedToThemEvenToNoOne() {
        RoutedEvent toOzora = route("""
                {"planId":"joint","addressedTo":["ozora",7,"okhotsk-council"]}""");
        RoutedEvent toNoOne = route("""
                {"planId":"joint","addressedTo":[]}""");

        assertThat(toOzora.isAddressed()).isTrue();
        assertThat(toOzora.addressedTo()).containsExactlyInAnyOrder("ozora", "okhotsk-council");
        assertThat(toNoOne.isAddressed()).isTrue();
        assertThat(toNoOne.addressedTo()).isEmpty();
    }

    @Test
    void ignoresAttributesOfTheWrongKind() {
        RoutedEvent routed = route("""
                {"planId":7,"goalNumber":"five","areaId":["5-2"],"measureId":52,"measureIds":"5-2-2",
                 "tags":[1,"広域連携",null]}""");

        assertThat(routed).isEqualTo(new RoutedEvent(TYPE, null, null, null, Set.of(), Set.of("広域連携"), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[\"5-2-2\"]", "\"5-2-2\"", "null", ""})
    void routesAPayloadThatIsNoObjectByItsTypeAlone(String payload) {
        assertThat(route(payload)).isEqualTo(new RoutedEvent(TYPE, null, null, null, Set.of(), Set.of(), null));
    }

    private static RoutedEvent route(String payload) {
        return RoutedEvent.of(new CloudEvent("event-1", "/municipalities/abashiri/plans/joint", TYPE,
                "measures/5-2-2", Instant.parse("2026-12-06T00:00:00Z"), "1", "5-2-2",
                payload.getBytes(StandardCharsets.UTF_8)), JSON);
    }
}
