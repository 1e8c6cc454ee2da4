package jp.renkei.sync.support;

import java.io.IOException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;
import jp.renkei.contracts.events.CloudEvent;

/** Validates a notice's data against the JSON Schema of its type in contracts. */
public final class SyncEventSchemas {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private SyncEventSchemas() {
    }

    public static Set<ValidationMessage> errors(CloudEvent event) {
        try {
            return SCHEMAS.getSchema(SchemaLocation.of("classpath:schemas/sync/" + event.type() + ".json"))
                    .validate(JACKSON.readTree(event.data()));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + event.type(), e);
        }
    }
}
