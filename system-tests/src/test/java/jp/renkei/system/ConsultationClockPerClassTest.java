package jp.renkei.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared system's consultation clock is each test class's own: a class that moves it 31 days on (as the journeys
 * do, to pass a deadline) leaves the next class's clock where the system started it.
 */
@ExtendWith(RenkeiSystemExtension.class)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class ConsultationClockPerClassTest {

    private static Instant movedTo;

    @Nested
    @Order(1)
    class AClassThatMovesTheClock {

        @Test
        void movesItPastADeadline(RenkeiSystem system) {
            system.consultationClock().advance(Duration.ofDays(31));
            movedTo = system.consultationClock().instant();
        }
    }

    @Nested
    @Order(2)
    class TheClassAfterIt {

        @Test
        void startsWhereTheSystemStartedTheClock(RenkeiSystem system) {
            assertThat(movedTo).as("the class before ran first").isNotNull();
            assertThat(system.consultationClock().instant()).isBefore(movedTo.minus(Duration.ofDays(30)));
        }
    }
}
