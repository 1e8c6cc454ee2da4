package jp.renkei.consultation.opinion;

import java.time.Instant;

/** The city's view (市の考え方) on an opinion or a group of similar opinions. */
public record CityResponse(Outcome outcome, String text, String by, Instant at) {
}
