package jp.renkei.consultation.participation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the participation tallies ({@code renkei.consultation.participation.*}).
 *
 * @param sweepInterval how often reservations left by an interrupted request are settled
 * @param abandonAfter  how long a reservation whose opinion or record was never stored is kept before it is
 *                      dropped: far longer than any request takes
 */
@ConfigurationProperties("renkei.consultation.participation")
public record ParticipationProperties(@DefaultValue("30s") Duration sweepInterval,
                                      @DefaultValue("10m") Duration abandonAfter) {
}
