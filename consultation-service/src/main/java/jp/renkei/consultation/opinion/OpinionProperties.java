package jp.renkei.consultation.opinion;

import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxLength               the longest opinion text accepted, in characters (code points)
 * @param requiredSubmitterFields what the city's guideline requires of a submitter
 * @param maxSubmitterFieldLength the longest name, address or contact accepted
 * @param ageGroups               the age groups a submitter may choose from
 */
@ConfigurationProperties("renkei.consultation.opinions")
public record OpinionProperties(@DefaultValue("2000") int maxLength,
                                @DefaultValue({"NAME", "ADDRESS"}) Set<SubmitterField> requiredSubmitterFields,
                                @DefaultValue("200") int maxSubmitterFieldLength,
                                @DefaultValue({"10代以下", "20代", "30代", "40代", "50代", "60代", "70代", "80代以上"})
                                List<String> ageGroups) {
}
