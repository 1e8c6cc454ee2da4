package jp.renkei.sync.partner;

import java.time.Instant;
import jp.renkei.sync.secret.SecretCipher;

/**
 * An endpoint as the {@code endpoints} collection holds it: the secrets encrypted, bound to the endpoint id.
 *
 * @param secretKeyId the id of the key that sealed both secrets; null in a record from before key ids were stored
 */
record StoredEndpoint(String id, String partnerId, String url, String secret, boolean enabled, Instant createdAt,
                      String previousSecret, Instant previousSecretUntil, String disabledReason,
                      Instant failingSince, Integer maxDeliveriesPerSecond, String secretKeyId) {

    static StoredEndpoint of(Endpoint endpoint, SecretCipher cipher) {
        return new StoredEndpoint(endpoint.id(), endpoint.partnerId(), endpoint.url(),
                cipher.encrypt(endpoint.secret(), endpoint.id()), endpoint.enabled(), endpoint.createdAt(),
                cipher.encrypt(endpoint.previousSecret(), endpoint.id()), endpoint.previousSecretUntil(),
                endpoint.disabledReason(), endpoint.failingSince(), endpoint.maxDeliveriesPerSecond(),
                cipher.keyId());
    }

    Endpoint open(SecretCipher cipher) {
        return new Endpoint(id, partnerId, url, cipher.decrypt(secretKeyId, secret, id), enabled, createdAt,
                cipher.decrypt(secretKeyId, previousSecret, id), previousSecretUntil, disabledReason, failingSince,
                maxDeliveriesPerSecond);
    }
}
