package jp.renkei.sync.feed;

import jp.renkei.sync.web.ReachesIntoTheStore;
import org.apache.kafka.common.TopicPartition;
import org.springframework.http.HttpStatus;

/** Not code: a feature class that breaks every seam, for {@code ArchitectureRulesBiteTest}. */
public class BreaksTheSeams {

    HttpStatus status = HttpStatus.CONFLICT;
    TopicPartition partition = new TopicPartition("renkei.sync.events", 0);
    ReachesIntoTheStore web;
}
