package jp.renkei.consultation.support;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import jp.renkei.consultation.cases.ConsultationPeriod;
import jp.renkei.consultation.catalog.CatalogMeasure;
import jp.renkei.consultation.catalog.MeasureCatalog;
import jp.renkei.localstack.test.MutableClock;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.support.security.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * consultation-service against a real broker and a real wire-protocol store, with a clock the tests move. Every
 * integration test extends this, so they share one application context. The scheduler ticks every 200 ms; web and
 * Renkei logging is at DEBUG, so that a log line carrying personal data would show in the captured output. The
 * service checks tokens against the test gateway's keys ({@link TestTokens}), as it checks the real gateway's.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = {"renkei.consultation.schedule-interval=200ms", "renkei.consultation.outbox.sweep-interval=500ms",
                "logging.level.jp.renkei=DEBUG", "logging.level.org.springframework.web=DEBUG",
                "logging.level.org.springframework.data.mongodb.core=DEBUG"})
@Import(ConsultationServiceIntegrationTest.ControllableClock.class)
public abstract class ConsultationServiceIntegrationTest {

    protected static final String DATABASE = "consultation-" + UUID.randomUUID();
    /** Generated for this test run; never a committed key. */
    protected static final String KEY = newKey();

    @LocalServerPort
    protected int port;
    @Autowired
    protected MutableClock clock;
    @Autowired
    protected MeasureCatalog catalog;

    protected ConsultationApi api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties(DATABASE).forEach((name, value) -> registry.add(name, () -> value));
        registry.add("renkei.consultation.personal-data.key", () -> KEY);
        TestTokens.shared().springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeEach
    void knownMeasures() {
        api = new ConsultationApi(port);
        for (String measureId : List.of("5-1-1", "5-1-2", "5-1-3", "5-2-1", "5-2-2")) {
            catalog.apply(new CatalogMeasure(ConsultationApi.PLAN + "/" + measureId, ConsultationApi.PLAN, 5,
                    measureId.substring(0, 3), measureId, "施策 " + measureId, List.of("goal-5", "measure-" + measureId),
                    "ADOPTED", 1, "seed-" + measureId, "jp.renkei.plan.measure.created.v1", Instant.EPOCH));
        }
    }

    /** Creates a consultation on the measure that opens today, and waits until the scheduler has opened it. */
    protected String openConsultation(String measureId) {
        tools.jackson.databind.JsonNode created = ConsultationApi.json(api.staffPost("/consultations",
                ConsultationApi.consultation(measureId, today(), today().plusDays(29))));
        String id = created.path("id").asString();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                ConsultationApi.json(api.get("/consultations/" + id)).path("status").asString().equals("OPEN"));
        return id;
    }

    /** Moves the clock past the consultation's deadline and waits until the scheduler has closed it. */
    protected void closeConsultation(String id) {
        clock.advanceTo(Instant.parse(ConsultationApi.json(api.get("/consultations/" + id)).path("closesAt").asString()));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                ConsultationApi.json(api.get("/consultations/" + id)).path("status").asString().equals("CLOSED"));
    }

    /** Today in Japan, by the test clock. */
    protected LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ConsultationPeriod.JAPAN);
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ControllableClock {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(Clock.systemUTC().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        }
    }
}
