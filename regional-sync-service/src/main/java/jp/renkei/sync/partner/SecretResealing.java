package jp.renkei.sync.partner;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import jp.renkei.sync.secret.SecretCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The background half of rotating the key of the webhook secrets: seals every endpoint's secrets that another key
 * sealed again with the current key, a batch at a time, so that the previous key can be dropped. Stateless between
 * passes (what is left is whatever the store still holds under another key), so a restart just carries on; two
 * instances passing at once change each endpoint once, by a conditional write of its one document.
 *
 * <p>Tells when it is done: the gauge {@code renkei.sync.secrets.not.current.key} (endpoints whose secrets are not
 * sealed with the current key, after the last pass; 0 when the rotation is finished) and one log line.
 */
@Component
class SecretResealing {

    private static final Logger log = LoggerFactory.getLogger(SecretResealing.class);
    /** Endpoints read per query: bounds what one step holds, however many endpoints there are. */
    static final int BATCH = 100;

    private final PartnerDirectory directory;
    private final SecretCipher cipher;
    private final AtomicInteger notCurrent = new AtomicInteger(-1);
    private volatile boolean finishedLogged;

    SecretResealing(PartnerDirectory directory, SecretCipher cipher, MeterRegistry meters) {
        this.directory = directory;
        this.cipher = cipher;
        Gauge.builder("renkei.sync.secrets.not.current.key", notCurrent, AtomicInteger::get)
                .description("endpoints whose webhook secrets are sealed with another key than the current one, after "
                        + "the last resealing pass (-1 before the first)")
                .register(meters);
    }

    @Scheduled(fixedDelayString = "${renkei.sync.secret-reseal-interval:10m}",
            initialDelayString = "${renkei.sync.secret-reseal-initial-delay:10s}")
    void pass() {
        try {
            resealAll();
        } catch (RuntimeException storeUnavailable) {
            log.warn("sealing webhook secrets with the current key failed, will retry on the next pass: {}",
                    storeUnavailable.toString());
        }
    }

    /** One pass over every endpoint not sealed with the current key; how many endpoints it sealed again. */
    int resealAll() {
        Set<String> seen = new HashSet<>();
        int resealed = 0;
        int unopened = 0;
        for (PartnerDirectory.ResealBatch batch = directory.resealSecrets(BATCH, seen); batch.read() > 0;
             batch = directory.resealSecrets(BATCH, seen)) {
            resealed += batch.resealed();
            unopened += batch.unopened();
        }
        // one changed meanwhile was written with the current key (a rotation of its secret, another instance's pass)
        int left = unopened;
        notCurrent.set(left);
        if (resealed > 0) {
            log.info("sealed the webhook secrets of {} endpoints again with the current key {}", resealed,
                    cipher.keyId());
        }
        if (unopened > 0) {
            log.warn("the webhook secrets of {} endpoints open with none of the configured keys (the current key {}, "
                    + "previous keys {}): add the key they were sealed with to renkei.sync.previous-secret-keys, or "
                    + "rotate those endpoints' secrets", unopened, cipher.keyId(), cipher.previousKeyIds());
        }
        if (left > 0 || resealed > 0) {
            finishedLogged = false;
        }
        // said once a rotation is done: when this pass sealed the last, or at the first pass with previous keys set
        if (left == 0 && !finishedLogged && (resealed > 0 || !cipher.previousKeyIds().isEmpty())) {
            finishedLogged = true;
            log.info("every endpoint's webhook secrets are sealed with the current key {}{}", cipher.keyId(),
                    cipher.previousKeyIds().isEmpty() ? ""
                            : "; the previous keys " + cipher.previousKeyIds() + " can now be removed from "
                            + "renkei.sync.previous-secret-keys");
        }
        return resealed;
    }
}
