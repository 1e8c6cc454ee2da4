package jp.renkei.inbox.store;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** One webhook the inbox accepted: who it was for, its id, when it came, and the CloudEvent it carried. */
public record ReceivedEvent(String partnerId, String webhookId, Instant receivedAt, JsonNode event) {
}
