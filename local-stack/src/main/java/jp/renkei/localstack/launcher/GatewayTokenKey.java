package jp.renkei.localstack.launcher;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key pair the gateway signs its internal token with (ES256, EC P-256), generated on the first {@code up} and kept
 * across runs, in two files: the private key as the gateway reads it
 * ({@code renkei.gateway.internal-token.signing-key} in {@code data/secrets/gateway-token-key.properties}, mode 600,
 * the setting replicas that must sign alike use), and its public half as a JWK set
 * ({@code data/secrets/gateway-jwks.json}) that the services check tokens against ({@code renkei.security.jwks-uri=file:…}).
 * So the services need not know where the gateway listens, and the gateway can start last, once it knows where they
 * listen. The gateway still serves the same key set at {@code /internal/jwks.json}, where the services of a
 * deployment without a shared file (docker compose) fetch it.
 */
public final class GatewayTokenKey {

    /** The property the gateway reads its signing key from. */
    public static final String SIGNING_KEY_PROPERTY = "renkei.gateway.internal-token.signing-key";

    /** The two halves as text: the private JWK and the public JWK set. */
    public record Jwk(String privateJwk, String publicJwkSet) {
    }

    private static final int COORDINATE_BYTES = 32;
    private static final Pattern MEMBER = Pattern.compile("\"(kid|x|y|d)\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");

    private final SecureRandom random = new SecureRandom();

    /** Makes sure both files exist, keeping a usable private key that is already there. */
    public OwnerOnlyFiles.Outcome ensure(Path privateKeyFile, Path keySetFile) throws IOException {
        Jwk key = existing(privateKeyFile).orElseGet(this::generate);
        OwnerOnlyFiles.Outcome outcome = OwnerOnlyFiles.ensure(privateKeyFile, renderPrivate(key));
        // public, but written the same way: it changes only with the private key
        OwnerOnlyFiles.ensure(keySetFile, key.publicJwkSet() + "\n");
        return outcome;
    }

    /** A new key pair, with a key id of its own. */
    public Jwk generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
            ECPrivateKey privateKey = (ECPrivateKey) pair.getPrivate();
            byte[] id = new byte[12];
            random.nextBytes(id);
            Map<String, String> members = new LinkedHashMap<>();
            members.put("kid", "gateway-local-" + base64Url(id));
            members.put("x", base64Url(unsigned(publicKey.getW().getAffineX())));
            members.put("y", base64Url(unsigned(publicKey.getW().getAffineY())));
            members.put("d", base64Url(unsigned(privateKey.getS())));
            return jwk(members);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate an EC P-256 key pair", e);
        }
    }

    private static Optional<Jwk> existing(Path privateKeyFile) throws IOException {
        if (!Files.isRegularFile(privateKeyFile)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(privateKeyFile, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String json = properties.getProperty(SIGNING_KEY_PROPERTY, "");
        Map<String, String> members = new LinkedHashMap<>();
        Matcher member = MEMBER.matcher(json);
        while (member.find()) {
            members.put(member.group(1), member.group(2));
        }
        boolean usable = members.size() == 4 && json.contains("\"P-256\"")
                && members.entrySet().stream().filter(entry -> !entry.getKey().equals("kid"))
                        .allMatch(entry -> decodedLength(entry.getValue()) == COORDINATE_BYTES);
        return usable ? Optional.of(jwk(members)) : Optional.empty();
    }

    private static Jwk jwk(Map<String, String> members) {
        String common = "\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + members.get("kid") + "\",\"use\":\"sig\","
                + "\"alg\":\"ES256\",\"x\":\"" + members.get("x") + "\",\"y\":\"" + members.get("y") + "\"";
        return new Jwk("{" + common + ",\"d\":\"" + members.get("d") + "\"}", "{\"keys\":[{" + common + "}]}");
    }

    private static String renderPrivate(Jwk key) {
        return "# Generated by ./renkei up: the key the gateway signs its internal token with (EC P-256, as a JWK).\n"
                + "# Its public half is data/secrets/gateway-jwks.json, which the services check tokens against.\n"
                + "# Kept across runs; delete both files (or run ./renkei up --fresh) for a new key.\n"
                + SIGNING_KEY_PROPERTY + "=" + key.privateJwk() + "\n";
    }

    /** The number as exactly 32 big-endian bytes, as JWK wants a P-256 coordinate or private value. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length == COORDINATE_BYTES) {
            return bytes;
        }
        byte[] fixed = new byte[COORDINATE_BYTES];
        int length = Math.min(bytes.length, COORDINATE_BYTES);
        System.arraycopy(bytes, bytes.length - length, fixed, COORDINATE_BYTES - length, length);
        return fixed;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int decodedLength(String base64Url) {
        try {
            return Base64.getUrlDecoder().decode(base64Url).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
