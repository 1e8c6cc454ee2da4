package jp.renkei.sync.secret;

import org.springframework.data.mongodb.core.MongoTemplate;

/** Not code: sealing that reaches for the store, for {@code ArchitectureRulesBiteTest}. */
public class NotPlainJava {

    MongoTemplate mongo;
}
