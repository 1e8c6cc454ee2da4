package jp.renkei.localstack.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayTokenKeyTest {

    @TempDir
    Path root;

    @Test
    void thePublicKeySetVerifiesWhatThePrivateKeySignsAndBothAreKeptAcrossRuns() throws Exception {
        StackPaths paths = new StackPaths(root);
        GatewayTokenKey keys = new GatewayTokenKey();

        OwnerOnlyFiles.Outcome first = keys.ensure(paths.gatewayTokenKeyFile(), paths.gatewayKeySetFile());
        String privateFile = Files.readString(paths.gatewayTokenKeyFile());
        String keySet = Files.readString(paths.gatewayKeySetFile());
        OwnerOnlyFiles.Outcome second = keys.ensure(paths.gatewayTokenKeyFile(), paths.gatewayKeySetFile());

        assertThat(first).isEqualTo(OwnerOnlyFiles.Outcome.CREATED);
        assertThat(second).isEqualTo(OwnerOnlyFiles.Outcome.REUSED);
        assertThat(Files.readString(paths.gatewayTokenKeyFile())).isEqualTo(privateFile);
        assertThat(Files.readString(paths.gatewayKeySetFile())).isEqualTo(keySet);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.gatewayTokenKeyFile())))
                .isEqualTo("rw-------");

        String privateJwk = signingKey(paths.gatewayTokenKeyFile());
        assertThat(privateJwk).contains("\"kty\":\"EC\"", "\"crv\":\"P-256\"", "\"d\":\"");
        assertThat(keySet).startsWith("{\"keys\":[{").doesNotContain("\"d\"");
        assertThat(member(keySet, "kid")).isEqualTo(member(privateJwk, "kid")).startsWith("gateway-local-");

        // what the gateway signs with the private half, a service verifies with the public one
        byte[] message = "header.claims".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey(privateJwk));
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey(keySet));
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void anUnusableKeyIsReplaced() throws Exception {
        StackPaths paths = new StackPaths(root);
        Files.createDirectories(paths.gatewayTokenKeyFile().getParent());
        Files.writeString(paths.gatewayTokenKeyFile(), GatewayTokenKey.SIGNING_KEY_PROPERTY + "={\"kty\":\"EC\"}\n");

        OwnerOnlyFiles.Outcome outcome = new GatewayTokenKey().ensure(paths.gatewayTokenKeyFile(),
                paths.gatewayKeySetFile());

        assertThat(outcome).isEqualTo(OwnerOnlyFiles.Outcome.UPDATED);
        assertThat(signingKey(paths.gatewayTokenKeyFile())).contains("\"d\":\"");
    }

    private static String signingKey(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties.getProperty(GatewayTokenKey.SIGNING_KEY_PROPERTY);
    }

    private static String member(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }

    private static BigInteger number(String json, String name) {
        byte[] bytes = Base64.getUrlDecoder().decode(member(json, name));
        assertThat(bytes).as(name + " is 32 bytes").hasSize(32);
        return new BigInteger(1, bytes);
    }

    private static ECParameterSpec p256() throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }

    private static ECPrivateKey privateKey(String jwk) throws Exception {
        return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(number(jwk, "d"), p256()));
    }

    private static ECPublicKey publicKey(String jwk) throws Exception {
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(new ECPoint(number(jwk, "x"), number(jwk, "y")), p256()));
    }
}
