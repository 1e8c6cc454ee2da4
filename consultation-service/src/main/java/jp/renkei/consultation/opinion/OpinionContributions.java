package jp.renkei.consultation.opinion;

import java.util.Optional;
import jp.renkei.consultation.participation.Contribution;
import jp.renkei.consultation.participation.StoredContributions;
import org.springframework.stereotype.Component;

/** Stored opinions as the participation tallies count them, read by {@code _id}. */
@Component
class OpinionContributions implements StoredContributions {

    private final OpinionStore opinions;

    OpinionContributions(OpinionStore opinions) {
        this.opinions = opinions;
    }

    @Override
    public Contribution.Kind kind() {
        return Contribution.Kind.OPINION;
    }

    @Override
    public Optional<Contribution> find(String opinionId, String planId) {
        return opinions.find(opinionId).map(opinion -> Contribution.opinion(opinion.id(), planId, opinion.measureIds(),
                opinion.submittedAt()));
    }
}
