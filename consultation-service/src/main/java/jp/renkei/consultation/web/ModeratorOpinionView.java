package jp.renkei.consultation.web;

import java.time.Instant;
import java.util.List;
import jp.renkei.consultation.opinion.CityResponse;
import jp.renkei.consultation.opinion.Hiding;
import jp.renkei.consultation.opinion.Opinion;

/**
 * An opinion as moderators see it: the submitted text and what the public will see. No personal data; that is a
 * separate, audited call.
 */
record ModeratorOpinionView(String id, String receiptNumber, List<String> measureIds, String sectionId, String itemId,
                            String text, String publicText, Instant submittedAt, Hiding hidden, String redactedText,
                            String summary, String groupId, CityResponse response, long version) {

    static ModeratorOpinionView of(Opinion o) {
        return new ModeratorOpinionView(o.id(), o.receipt(), o.measureIds(), o.sectionId(), o.itemId(), o.text(),
                o.isHidden() ? null : o.publicText(), o.submittedAt(), o.hidden(), o.redactedText(), o.summary(),
                o.groupId(), o.response(), o.version());
    }
}
