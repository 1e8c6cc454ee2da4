package jp.renkei.deployment;

import static jp.renkei.deployment.ComposeFile.nested;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.renkei.gateway.GatewayApplication;
import jp.renkei.localstack.test.RenkeiInfrastructure;
import jp.renkei.localstack.test.RenkeiInfrastructureExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The README's "Containers (operators)" section followed as an operator would, as far as it goes without Docker:
 * its first block makes .env, which must hold every variable docker-compose.yml requires, in the form the services
 * read; the gateway, started with the environment compose gives it (and the embedded store in place of the mongo
 * container), stores the operator key from .env; and the section's third block issues keys with it through curl.
 */
@ExtendWith(RenkeiInfrastructureExtension.class)
class OperatorGuideTest {

    private static final Pattern API_KEY = Pattern.compile("rk_[A-Za-z0-9_-]{43}");
    private static final List<String> AES_KEYS =
            List.of("RENKEI_CONSULTATION_PERSONAL_DATA_KEY", "RENKEI_SYNC_SECRET_KEY");

    private static String section;
    private static List<String> blocks;

    @BeforeAll
    static void readTheSection() {
        section = Guide.section(Repository.read("README.md"), "## Containers (operators)");
        blocks = Guide.shBlocks(section);
        assertThat(blocks).as("the section's sh blocks: make .env, start, issue keys").hasSize(3);
    }

    @Test
    void theFirstBlockMakesEveryVariableComposeRequiresOnceAndForOwnerOnly(@TempDir Path project) throws Exception {
        Map<String, String> env = makeEnv(project);

        assertThat(env).containsOnlyKeys(ComposeFile.read().requiredVariables());
        for (String aesKey : AES_KEYS) {
            assertThat(Base64.getDecoder().decode(env.get(aesKey))).as(aesKey).hasSize(32);
        }
        assertThat(env.get("RENKEI_OPERATOR_KEY")).matches(API_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(project.resolve(".env"))))
                .isEqualTo("rw-------");
        String made = Files.readString(project.resolve(".env"), StandardCharsets.UTF_8);
        assertThat(Guide.run(blocks.get(0), project)).isEmpty();
        assertThat(Files.readString(project.resolve(".env"), StandardCharsets.UTF_8)).as("made again").isEqualTo(made);
    }

    /** The .env the first block makes holds the keys: never committed, never sent into an image build. */
    @Test
    void theKeysFileStaysOutOfGitAndOfImages(@TempDir Path scratch) throws Exception {
        assertThat(DockerIgnore.parse(Repository.read(".dockerignore")).excludes(".env")).isTrue();
        assertThat(Guide.run("git -C '" + Repository.ROOT + "' check-ignore --no-index .env", scratch).strip())
                .isEqualTo(".env");
    }

    @Test
    void eachRequiredVariableIsInTheSectionsTableWithTheCommandThatMakesIt() {
        for (String variable : ComposeFile.read().requiredVariables()) {
            assertThat(section.lines().filter(line -> line.startsWith("| `" + variable + "`")))
                    .as(variable).singleElement().asString().contains("openssl rand");
        }
        assertThat(section).contains("](docs/operations.md)");
        assertThat(Repository.ROOT.resolve("docs/operations.md")).isRegularFile();
    }

    @Test
    void theGatewayStartedAsComposeStartsItTakesTheOperatorKeyOfTheGuide(@TempDir Path project) throws Exception {
        Map<String, String> env = makeEnv(project);
        StandardEnvironment environment = new StandardEnvironment();
        // named like the process environment, so Spring binds RENKEI_GATEWAY_BOOTSTRAPKEYS_0_KEY as it would there
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("compose-"
                + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, composeEnvironment("gateway", env)));
        // the mongo container's place is taken by the embedded store; the rest is compose's environment
        String store = "--spring.mongodb.uri=" + RenkeiInfrastructure.shared().mongoUri("ops-guide");

        try (ConfigurableApplicationContext gateway = GatewayApplication.application().environment(environment)
                .web(WebApplicationType.REACTIVE).run("--server.port=0", store)) {
            String port = gateway.getEnvironment().getProperty("local.server.port");
            String issued = Guide.run(blocks.get(2).replace("http://localhost:8080", "http://127.0.0.1:" + port),
                    project);

            Matcher keys = Pattern.compile("\"key\"\\s*:\\s*\"(rk_[^\"]+)\"").matcher(issued);
            assertThat(keys.results().map(match -> match.group(1))).as(issued).hasSize(2).allMatch(key ->
                    API_KEY.matcher(key).matches() && !key.equals(env.get("RENKEI_OPERATOR_KEY")));
            assertThat(issued).contains("\"owner\":\"first-operator\"").contains("\"owner\":\"plan office\"")
                    .contains("\"owner\":\"Ozora town\"");
        }
    }

    /** Runs the section's first block in {@code project} and reads the .env it made. */
    private static Map<String, String> makeEnv(Path project) throws IOException, InterruptedException {
        assertThat(Guide.run(blocks.get(0), project)).isEmpty();
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(project.resolve(".env"), StandardCharsets.UTF_8)) {
            int equals = line.indexOf('=');
            env.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return env;
    }

    /** The service's environment in docker-compose.yml, with {@code ${NAME…}} taken from .env as compose takes it. */
    private static Map<String, Object> composeEnvironment(String service, Map<String, String> env) {
        Map<String, Object> interpolated = new LinkedHashMap<>();
        Map<String, Object> declared = nested(ComposeFile.read().service(service), "environment");
        Pattern reference = Pattern.compile("\\$\\{([A-Z0-9_]+)[^}]*}");
        declared.forEach((name, value) -> interpolated.put(name,
                reference.matcher(String.valueOf(value)).replaceAll(match -> Matcher.quoteReplacement(
                        env.getOrDefault(match.group(1), "")))));
        return interpolated;
    }
}
