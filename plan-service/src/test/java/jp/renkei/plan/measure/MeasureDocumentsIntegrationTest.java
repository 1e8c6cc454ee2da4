package jp.renkei.plan.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import jp.renkei.contracts.plan.MeasureSnapshot.GlossaryTerm;
import jp.renkei.contracts.plan.MeasureSnapshot.Initiative;
import jp.renkei.contracts.plan.MeasureSnapshot.Item;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import jp.renkei.messaging.outbox.OutboxEvent;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.UpdateMapper;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The edit's hand-built documents ({@link MeasureDocuments}) against Spring Data's mapping of {@link MeasureDocument},
 * which the rest of the service reads and writes with: the same update, field for field and type for type, and each
 * reads what the other wrote, Japanese text byte for byte.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, useMainMethod = SpringBootTest.UseMainMethod.ALWAYS,
        properties = "renkei.plan.outbox.sweep-interval=1h")
class MeasureDocumentsIntegrationTest {

    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final String MEASURE_ID = "docs-" + UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    MongoTemplate mongo;

    @Autowired
    MeasureStore store;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RenkeiInfrastructure.shared().springProperties("plan-" + UUID.randomUUID())
                .forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void theRevisionIsTheUpdateSpringDataWouldSend() {
        Measure revised = measure(7, List.of(new Approval("ozora", "大空町", 6, "staff-ozora", AT.minusSeconds(60))));
        OutboxEvent event = event(revised);
        Update asSpringDataWroteIt = new Update()
                .set("content", revised.content())
                .set("status", revised.status())
                .set("version", revised.version())
                .set(MeasureDocument.VERSION_KEY, "key@7")
                .set("updatedAt", revised.updatedAt())
                .set("updatedBy", revised.updatedBy())
                .set("approvals", revised.approvals())
                .push("outbox", event);

        Document mapped = new UpdateMapper(mongo.getConverter()).getMappedObject(asSpringDataWroteIt.getUpdateObject(),
                mongo.getConverter().getMappingContext().getPersistentEntity(MeasureDocument.class));

        assertThat(MeasureDocuments.revision(revised, "key@7", event).toJson()).isEqualTo(mapped.toJson());
    }

    @Test
    void eachReadsWhatTheOtherWrote() {
        Measure created = measure(1, List.of());
        OutboxEvent creation = event(created);
        assertThat(store.insert(created, creation)).isTrue();
        String id = MeasureStore.aggregateKey(created.planId(), created.measureId());

        Document writtenBySpringData = mongo.getCollection("measures").find(new Document("_id", id)).first();
        assertThat(MeasureDocuments.measure(writtenBySpringData)).isEqualTo(created);

        Measure revised = measure(2, List.of(new Approval("ozora", "大空町", 2, "staff-ozora", AT)));
        OutboxEvent revision = event(revised);
        assertThat(store.replace(revised, 1, revision)).isTrue();

        MeasureDocument readBySpringData = mongo.findById(id, MeasureDocument.class);
        assertThat(readBySpringData.toMeasure()).isEqualTo(revised);
        assertThat(readBySpringData.versionKey()).isEqualTo(MeasureDocument.versionKey(id, 2));
        assertThat(readBySpringData.outbox()).containsExactly(creation, revision);
        assertThat(store.find(created.planId(), created.measureId())).contains(revised);
    }

    private static Measure measure(long version, List<Approval> approvals) {
        MeasureContent content = new MeasureContent("広域連携の推進（第" + version + "版）",
                List.of("定住自立圏の取組を進めています。", "①医療・②福祉"), "大空町と連携し、１２３を進めます。",
                List.of(new Initiative("i-1", null, "医療", List.of(new Item("i-1-1", "救急医療体制の確保"))),
                        new Initiative("i-2", "②", "公共交通", List.of())),
                List.of("網走市総合計画"), List.of(new GlossaryTerm("定住自立圏", "中心市と周辺市町村の協定による圏域")),
                List.of("広域連携", "大空町"));
        return new Measure("abashiri", "abashiri-comprehensive-plan", 5, "5-2", MEASURE_ID, "⑨", content,
                MeasureStatus.IN_CONSULTATION, version, AT, "staff-abashiri", approvals);
    }

    private static OutboxEvent event(Measure measure) {
        return new OutboxEvent(UUID.randomUUID().toString(), "jp.renkei.plan.measure.revised.v1",
                "/municipalities/abashiri/plans/abashiri-comprehensive-plan", "measures/" + measure.measureId(),
                measure.measureId(), measure.version(), AT, "{\"title\":\"広域連携の推進\"}");
    }
}
