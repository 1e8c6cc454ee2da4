package jp.renkei.consultation.participation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The opinions and hearing records counted for one measure in one fiscal year (年度), with what keeps the count
 * exact although a contribution and its count are two documents:
 * <ul>
 * <li>{@code reservations}: contributions announced before they were stored; each is counted once it is stored
 * (by the request that stored it or, after a crash, by the sweep) or dropped when it never was</li>
 * <li>{@code recentlyCounted}: the keys of the last {@link #REMEMBERED} contributions counted, so that a
 * contribution counted once is never counted again (a retried submission racing its first attempt)</li>
 * </ul>
 * Both stay small: reservations live for the milliseconds of a request, the memory is capped.
 */
public record Tally(String id, String planId, String measureId, int fiscalYear, long opinions, long hearingRecords,
                    long version, List<Reservation> reservations, List<String> recentlyCounted, Instant asOf) {

    /** Counted keys remembered per tally: far more than contributions can race within one request's time. */
    static final int REMEMBERED = 256;
    static final String ID_PREFIX = "participation/";

    public Tally {
        reservations = reservations == null ? List.of() : List.copyOf(reservations);
        recentlyCounted = recentlyCounted == null ? List.of() : List.copyOf(recentlyCounted);
    }

    /** A contribution announced at {@code at}, before it was stored. */
    public record Reservation(String key, Contribution.Kind kind, String documentId, Instant at) {
    }

    public static String id(String planId, String measureId, int fiscalYear) {
        return ID_PREFIX + planId + "/" + measureId + "/" + fiscalYear;
    }

    /** Whether an aggregate id is a tally's (every other one is a consultation's, a UUID). */
    public static boolean isTallyId(String aggregateId) {
        return aggregateId.startsWith(ID_PREFIX);
    }

    /** Whether the contribution is announced and waits to be counted. */
    public boolean reserved(String key) {
        return reservations.stream().anyMatch(reservation -> reservation.key().equals(key));
    }

    /** The tally with the contribution counted and its reservation gone: the next version. */
    public Tally counting(Contribution.Kind kind, String key, Instant at) {
        List<String> remembered = new ArrayList<>(recentlyCounted);
        remembered.add(key);
        if (remembered.size() > REMEMBERED) {
            remembered = remembered.subList(remembered.size() - REMEMBERED, remembered.size());
        }
        return new Tally(id, planId, measureId, fiscalYear, opinions + (kind == Contribution.Kind.OPINION ? 1 : 0),
                hearingRecords + (kind == Contribution.Kind.HEARING_RECORD ? 1 : 0), version + 1,
                reservations.stream().filter(r -> !r.key().equals(key)).toList(), remembered, at);
    }
}
