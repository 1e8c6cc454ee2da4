package jp.renkei.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web pages' settings ({@code renkei.web.*}).
 *
 * @param gatewayUrl              where the pages call the API, as any client does
 * @param planId                  the plan the pages show
 * @param connectTimeout          connecting to the gateway
 * @param requestTimeout          one API call, answer included
 * @param opinionMaxLength        the longest opinion text; the same as consultation-service's
 *                                {@code renkei.consultation.opinions.max-length}, so the form says so before sending
 * @param requiredSubmitterFields the submitter fields the city's guideline requires (name, address, contact,
 *                                ageGroup), as consultation-service is configured; it checks them again
 * @param maxSubmitterFieldLength the longest name, address or contact, as consultation-service accepts them
 * @param ageGroups               the choices for the age group, as consultation-service accepts them
 */
@ConfigurationProperties("renkei.web")
public record WebProperties(@DefaultValue("http://127.0.0.1:8080") URI gatewayUrl,
                            @DefaultValue("abashiri-comprehensive-plan") String planId,
                            @DefaultValue("2s") Duration connectTimeout,
                            @DefaultValue("15s") Duration requestTimeout,
                            @DefaultValue("2000") int opinionMaxLength,
                            @DefaultValue({"name", "address"}) Set<String> requiredSubmitterFields,
                            @DefaultValue("200") int maxSubmitterFieldLength,
                            @DefaultValue({"10代以下", "20代", "30代", "40代", "50代", "60代", "70代", "80代以上"})
                            List<String> ageGroups) {
}
