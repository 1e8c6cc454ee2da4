package jp.renkei.plan.measure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The measures this instance last wrote, each at the version it wrote: an edit that names that version (its
 * {@code If-Match}) starts from the remembered measure instead of reading the store.
 *
 * <p>Remembering never serves a stale measure. A measure at a given version is one content, written once: every
 * write moves the version on, and the store's conditional write selects by the version the editor names, so it finds
 * the measure only while it is still at that version — which is the measure remembered. When another instance wrote
 * since, the conditional write finds nothing and the edit is refused as stale (412), as it would be after a read; an
 * edit that names a version not remembered here reads the store. Reads of a measure (GET) never come from here.
 */
final class RememberedMeasures {

    /** A plan's measures number in the tens; the bound only keeps a mistake from growing without one. */
    private static final int MAX = 10_000;

    private final Map<String, Measure> byKey = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Measure> eldest) {
            return size() > MAX;
        }
    };

    /** The measure remembered under {@code key} if it is at {@code version}. */
    synchronized Optional<Measure> at(String key, long version) {
        Measure measure = byKey.get(key);
        return measure != null && measure.version() == version ? Optional.of(measure) : Optional.empty();
    }

    /** A measure as this instance just wrote it. */
    synchronized void remember(Measure written) {
        byKey.put(MeasureStore.aggregateKey(written.planId(), written.measureId()), written);
    }

    /** After a write that did not go through: what is remembered may be behind. */
    synchronized void forget(String key) {
        byKey.remove(key);
    }
}
