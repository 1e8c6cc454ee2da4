package jp.renkei.system.load;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one partner accepted, in arrival order: each delivery's {@code webhook-id} and, when it is a revision, its
 * key {@code measureId#version}. At-least-once delivery allows the same webhook-id to come again (a raw duplicate);
 * it never allows one revision to come under two webhook-ids (two events for one change), a revision never to come,
 * or a measure's revisions to arrive first in any order but their versions'.
 */
public final class DeliveryLedger {

    private final Map<String, Integer> arrivalsById = new LinkedHashMap<>();
    private final Map<String, Set<String>> idsByKey = new LinkedHashMap<>();
    private final Map<String, List<Long>> firstVersionsByMeasure = new LinkedHashMap<>();
    private long arrivals;

    /** One accepted arrival; {@code key} is {@code measureId#version}, or null for a delivery that is no revision. */
    public synchronized void record(String webhookId, String key) {
        arrivals++;
        boolean first = arrivalsById.merge(webhookId, 1, Integer::sum) == 1;
        if (key == null) {
            return;
        }
        idsByKey.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(webhookId);
        if (first) {
            int hash = key.lastIndexOf('#');
            firstVersionsByMeasure.computeIfAbsent(key.substring(0, hash), m -> new ArrayList<>())
                    .add(Long.parseLong(key.substring(hash + 1)));
        }
    }

    /** A point in the ledger to count from. */
    public synchronized Mark mark() {
        return new Mark(arrivals, arrivalsById.size());
    }

    /** Accepted arrivals since the mark, duplicates included. */
    public synchronized long arrivalsSince(Mark mark) {
        return arrivals - mark.arrivals;
    }

    /** Arrivals since the mark of a webhook-id that had arrived before: what at-least-once delivery repeated. */
    public synchronized long rawDuplicatesSince(Mark mark) {
        return (arrivals - mark.arrivals) - (arrivalsById.size() - mark.distinctIds);
    }

    /** The keys that never arrived. */
    public synchronized List<String> missing(Collection<String> keys) {
        return keys.stream().filter(key -> !idsByKey.containsKey(key)).toList();
    }

    /** The keys among these that arrived under more than one webhook-id, with those ids. */
    public synchronized Map<String, Set<String>> keysUnderSeveralIds(Collection<String> keys) {
        Map<String, Set<String>> several = new LinkedHashMap<>();
        for (String key : keys) {
            Set<String> ids = idsByKey.getOrDefault(key, Set.of());
            if (ids.size() > 1) {
                several.put(key, Set.copyOf(ids));
            }
        }
        return several;
    }

    /** The measures whose revisions first arrived out of version order, with the versions as they arrived. */
    public synchronized Map<String, List<Long>> outOfOrder() {
        Map<String, List<Long>> wrong = new LinkedHashMap<>();
        firstVersionsByMeasure.forEach((measure, versions) -> {
            for (int i = 1; i < versions.size(); i++) {
                if (versions.get(i) <= versions.get(i - 1)) {
                    wrong.put(measure, List.copyOf(versions));
                    return;
                }
            }
        });
        return wrong;
    }

    /** How many of the keys arrived. */
    public synchronized long countArrived(Collection<String> keys) {
        return keys.stream().filter(idsByKey::containsKey).count();
    }

    /** Arrivals and distinct webhook-ids at one moment. */
    public record Mark(long arrivals, long distinctIds) {
    }
}
