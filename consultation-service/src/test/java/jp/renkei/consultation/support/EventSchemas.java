package jp.renkei.consultation.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.util.List;
import jp.renkei.localstack.test.TopicReader;

/** Checks events against the JSON Schema of their type in contracts ({@code schemas/consultation/}). */
public final class EventSchemas {

    private EventSchemas() {
    }

    public static void assertValid(List<TopicReader.Record> events) {
        JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        com.fasterxml.jackson.databind.ObjectMapper jackson2 = new com.fasterxml.jackson.databind.ObjectMapper();
        for (TopicReader.Record event : events) {
            try {
                var errors = schemas.getSchema(SchemaLocation.of("classpath:schemas/consultation/" + event.type() + ".json"))
                        .validate(jackson2.readTree(event.value()));
                assertThat(errors).as(event.type() + " " + event.value()).isEmpty();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError(e);
            }
        }
    }
}
