package jp.renkei.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml against the Compose Specification's own JSON schema (test resources, compose-spec/, with its
 * licence and source): what `docker compose config` would reject fails the build here.
 */
class ComposeSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;

    @BeforeAll
    static void loadTheSchema() throws IOException {
        try (InputStream spec = ComposeSchemaTest.class.getResourceAsStream("/compose-spec/compose-spec.json")) {
            JsonNode node = JSON.readTree(spec);
            // draft 7 (what the file declares, under an https IRI the validator would otherwise try to fetch)
            ((ObjectNode) node).remove("$schema");
            // its relative $id needs a base to resolve against
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                    .getSchema(SchemaLocation.of("classpath:compose-spec/compose-spec.json"), node);
        }
    }

    @Test
    void theComposeFileIsValidAgainstTheComposeSpecification() {
        Set<ValidationMessage> errors = schema.validate(JSON.valueToTree(ComposeFile.read().tree()));

        assertThat(errors).isEmpty();
    }

    /** Without this, an empty or lenient schema would pass every file. */
    @Test
    void theSchemaRejectsWhatComposeRejects() {
        ObjectNode compose = JSON.valueToTree(ComposeFile.read().tree());
        ((ObjectNode) compose.path("services").path("gateway")).put("restart_policy", "always");
        ((ObjectNode) compose.path("services").path("kafka").path("healthcheck")).put("interval", 10);

        assertThat(schema.validate(compose)).extracting(ValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("restart_policy"))
                .anySatisfy(message -> assertThat(message).contains("interval"));
    }
}
