package jp.renkei.sync.partner;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import jp.renkei.sync.secret.SecretCipher;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The partner directory as stored, except that the dispatcher's next few looks at an endpoint fail as they do when
 * the store goes away just as the endpoints are read again: a failure the dispatcher does not expect there.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FailingForTheDispatcher {

    /** How many more of the dispatcher's looks at an endpoint fail. */
    public static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

    @Bean
    @Primary
    PartnerDirectory failingPartnerDirectory(MongoTemplate mongo, SecretCipher cipher) {
        return new PartnerDirectory(mongo, cipher) {
            @Override
            public Optional<Endpoint> enabledEndpoint(String endpointId) {
                if (Thread.currentThread().getName().equals("delivery-dispatcher")
                        && FAILURES_LEFT.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    throw new IllegalStateException("the store went away while the endpoints were read again");
                }
                return super.enabledEndpoint(endpointId);
            }
        };
    }
}
