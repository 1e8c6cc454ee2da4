package jp.renkei.localstack.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartnerWebhookSecretsTest {

    @TempDir
    Path root;

    @Test
    void generatesTheSecretsOnceAndReusesThem() throws Exception {
        Path file = new StackPaths(root).secretsFile();
        PartnerWebhookSecrets secrets = new PartnerWebhookSecrets();

        PartnerWebhookSecrets.Result first = secrets.ensure(file, 8090, ChildServices.SEEDED_PARTNERS);
        String written = Files.readString(file, StandardCharsets.UTF_8);
        PartnerWebhookSecrets.Result second = secrets.ensure(file, 8090, ChildServices.SEEDED_PARTNERS);

        assertThat(first.outcome()).isEqualTo(PartnerWebhookSecrets.Outcome.CREATED);
        assertThat(second.outcome()).isEqualTo(PartnerWebhookSecrets.Outcome.REUSED);
        assertThat(second.secrets()).isEqualTo(first.secrets());
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(written);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        assertThat(first.secrets()).containsOnlyKeys("ozora", "okhotsk-council", "abashiri-fire-union", "abashiri-education-center");
        assertThat(first.secrets().values()).doesNotHaveDuplicates();
        for (String partner : ChildServices.SEEDED_PARTNERS) {
            String secret = first.secrets().get(partner);
            assertThat(secret).startsWith("whsec_");
            assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
            assertThat(properties.getProperty("renkei.sync.bootstrap-endpoints." + partner + ".url"))
                    .isEqualTo("http://127.0.0.1:8090/webhooks/" + partner);
            assertThat(properties.getProperty("renkei.sync.bootstrap-endpoints." + partner + ".secret")).isEqualTo(secret);
            assertThat(properties.getProperty("renkei.inbox.secrets." + partner)).isEqualTo(secret);
        }
        assertThat(written).contains("renkei.sync.bootstrap-endpoints.ozora.url=http://127.0.0.1:8090/webhooks/ozora\n"
                + "renkei.sync.bootstrap-endpoints.ozora.secret=" + first.secrets().get("ozora") + "\n"
                + "renkei.inbox.secrets.ozora=" + first.secrets().get("ozora") + "\n");
    }

    @Test
    void anotherInboxPortChangesTheUrlsButKeepsTheSecrets() throws Exception {
        Path file = new StackPaths(root).secretsFile();
        PartnerWebhookSecrets secrets = new PartnerWebhookSecrets();
        PartnerWebhookSecrets.Result first = secrets.ensure(file, 8090, ChildServices.SEEDED_PARTNERS);

        PartnerWebhookSecrets.Result moved = secrets.ensure(file, 18090, ChildServices.SEEDED_PARTNERS);

        assertThat(moved.outcome()).isEqualTo(PartnerWebhookSecrets.Outcome.UPDATED);
        assertThat(moved.secrets()).isEqualTo(first.secrets());
        assertThat(Files.readString(file)).contains("renkei.sync.bootstrap-endpoints.ozora.url=http://127.0.0.1:18090/webhooks/ozora")
                .doesNotContain(":8090/");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void beforeAnInboxOnPortZeroHasBoundOneTheUrlsThatAreThereStay() throws Exception {
        Path file = new StackPaths(root).secretsFile();
        PartnerWebhookSecrets secrets = new PartnerWebhookSecrets();

        PartnerWebhookSecrets.Result created = secrets.ensure(file, 0, ChildServices.SEEDED_PARTNERS);
        assertThat(created.outcome()).isEqualTo(PartnerWebhookSecrets.Outcome.CREATED);
        assertThat(Files.readString(file)).as("no endpoint before the inbox has a port")
                .doesNotContain(".url=").contains("renkei.inbox.secrets.ozora=" + created.secrets().get("ozora"));

        PartnerWebhookSecrets.Result bound = secrets.ensure(file, 41234, ChildServices.SEEDED_PARTNERS);
        PartnerWebhookSecrets.Result nextRun = secrets.ensure(file, 0, ChildServices.SEEDED_PARTNERS);

        assertThat(bound.outcome()).isEqualTo(PartnerWebhookSecrets.Outcome.UPDATED);
        assertThat(nextRun.outcome()).isEqualTo(PartnerWebhookSecrets.Outcome.REUSED);
        assertThat(nextRun.secrets()).isEqualTo(created.secrets());
        assertThat(Files.readString(file)).contains("renkei.sync.bootstrap-endpoints.ozora.url=http://127.0.0.1:41234/webhooks/ozora");
    }
}
