package jp.renkei.localstack.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCredentialsTest {

    @TempDir
    Path root;

    @Test
    void generatesOneKeyPerDemoRoleAndPartnerOnceAndTheGatewayGetsTheSameKeys() throws Exception {
        StackPaths paths = new StackPaths(root);
        LocalCredentials credentials = new LocalCredentials();

        LocalCredentials.Result first = credentials.ensure(paths.credentialsFile(), paths.gatewayKeysFile(),
                ChildServices.SEEDED_PARTNERS);
        String written = Files.readString(paths.credentialsFile(), StandardCharsets.UTF_8);
        LocalCredentials.Result second = credentials.ensure(paths.credentialsFile(), paths.gatewayKeysFile(),
                ChildServices.SEEDED_PARTNERS);

        assertThat(first.outcome()).isEqualTo(OwnerOnlyFiles.Outcome.CREATED);
        assertThat(second.outcome()).isEqualTo(OwnerOnlyFiles.Outcome.REUSED);
        assertThat(second.keys()).isEqualTo(first.keys());
        assertThat(first.keys()).containsOnlyKeys("RENKEI_EDITOR_KEY", "RENKEI_MODERATOR_KEY", "RENKEI_OPERATOR_KEY",
                "RENKEI_PARTNER_OZORA_KEY", "RENKEI_PARTNER_OKHOTSK_COUNCIL_KEY", "RENKEI_PARTNER_ABASHIRI_FIRE_UNION_KEY",
                "RENKEI_PARTNER_ABASHIRI_EDUCATION_CENTER_KEY");
        assertThat(first.keys().values()).doesNotHaveDuplicates().allMatch(key -> key.matches("rk_[A-Za-z0-9_-]{43}"));
        assertThat(written).contains("export RENKEI_EDITOR_KEY=" + first.keys().get("RENKEI_EDITOR_KEY"));
        for (Path file : new Path[] {paths.credentialsFile(), paths.gatewayKeysFile()}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        Properties gateway = new Properties();
        try (var reader = Files.newBufferedReader(paths.gatewayKeysFile())) {
            gateway.load(reader);
        }
        assertThat(gateway.getProperty("renkei.gateway.bootstrap-keys[0].key"))
                .isEqualTo(first.keys().get("RENKEI_EDITOR_KEY"));
        assertThat(gateway.getProperty("renkei.gateway.bootstrap-keys[0].roles")).isEqualTo("PLAN_EDITOR");
        assertThat(gateway.getProperty("renkei.gateway.bootstrap-keys[3].key"))
                .isEqualTo(first.keys().get("RENKEI_PARTNER_OZORA_KEY"));
        assertThat(gateway.getProperty("renkei.gateway.bootstrap-keys[3].roles")).isEqualTo("PARTNER");
        assertThat(gateway.getProperty("renkei.gateway.bootstrap-keys[3].partner-id")).isEqualTo("ozora");
    }

    @Test
    void theCredentialsFileIsAShellScriptThatSetsTheKeys() throws Exception {
        StackPaths paths = new StackPaths(root);
        LocalCredentials.Result keys = new LocalCredentials().ensure(paths.credentialsFile(), paths.gatewayKeysFile(),
                ChildServices.SEEDED_PARTNERS);

        Process shell = new ProcessBuilder("sh", "-c", ". \"$0\" && printf %s \"$RENKEI_PARTNER_OKHOTSK_COUNCIL_KEY\"",
                paths.credentialsFile().toString()).redirectErrorStream(true).start();

        assertThat(new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo(keys.keys().get("RENKEI_PARTNER_OKHOTSK_COUNCIL_KEY"));
        assertThat(shell.waitFor()).isZero();
    }
}
