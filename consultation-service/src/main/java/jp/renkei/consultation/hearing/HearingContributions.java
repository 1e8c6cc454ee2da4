package jp.renkei.consultation.hearing;

import java.util.Optional;
import jp.renkei.consultation.participation.Contribution;
import jp.renkei.consultation.participation.StoredContributions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** Stored hearing records as the participation tallies count them, read by {@code _id}. */
@Component
class HearingContributions implements StoredContributions {

    private final MongoTemplate mongo;

    HearingContributions(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Contribution.Kind kind() {
        return Contribution.Kind.HEARING_RECORD;
    }

    @Override
    public Optional<Contribution> find(String recordId, String planId) {
        return Optional.ofNullable(mongo.findById(recordId, HearingRecord.class, HearingService.COLLECTION))
                .map(record -> Contribution.hearingRecord(record.id(), record.planId(), record.measureIds(),
                        record.date()));
    }
}
