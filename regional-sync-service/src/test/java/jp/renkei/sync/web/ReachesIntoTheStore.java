package jp.renkei.sync.web;

import jp.renkei.sync.feed.BreaksTheSeams;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Not code: a web class that reaches into the store, for {@code ArchitectureRulesBiteTest}. */
public class ReachesIntoTheStore {

    MongoTemplate mongo;
    BreaksTheSeams feature;
}
