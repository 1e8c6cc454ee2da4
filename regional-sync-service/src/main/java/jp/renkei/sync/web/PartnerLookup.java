package jp.renkei.sync.web;

import jp.renkei.support.web.InvalidFieldException;
import jp.renkei.sync.partner.Endpoint;
import jp.renkei.sync.partner.Partner;
import jp.renkei.sync.partner.PartnerDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** What the partner API looks up before it acts: the partner in the path, and an endpoint only as one of its own. */
final class PartnerLookup {

    private PartnerLookup() {
    }

    /** @throws ResponseStatusException 404 when there is no such partner */
    static Partner existing(PartnerDirectory directory, String partnerId) {
        return directory.partner(partnerId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no partner " + partnerId));
    }

    /** @throws ResponseStatusException 404 when the partner has no such endpoint, another partner's included */
    static Endpoint endpointInPath(PartnerDirectory directory, String partnerId, String endpointId) {
        return directory.endpointOf(partnerId, endpointId).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "partner " + partnerId + " has no endpoint " + endpointId));
    }

    /** @throws InvalidFieldException naming {@code endpointId} when a body names an endpoint the partner lacks */
    static void endpointInBody(PartnerDirectory directory, String partnerId, String endpointId) {
        if (endpointId != null && directory.endpointOf(partnerId, endpointId).isEmpty()) {
            throw new InvalidFieldException("endpointId", "partner " + partnerId + " has no endpoint " + endpointId);
        }
    }
}
