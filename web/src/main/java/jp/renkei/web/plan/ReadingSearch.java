package jp.renkei.web.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.renkei.web.api.ApiModels.MeasureSummary;
import jp.renkei.web.api.ApiModels.SearchHit;
import jp.renkei.web.api.GatewayApi;
import org.springframework.stereotype.Component;

/**
 * Finds passages by how they read, for a query typed in kana: ｼﾞｮｳﾎｳ finds 情報. The plan API folds width and kana but
 * knows no readings, so the pages add this. Each measure's passages are read once per version and kept for its
 * current version only: the memory is bounded by the plan's size, not its history.
 */
@Component
class ReadingSearch {

    private static final String STATUS_SECTION = "状態 Status";

    private record Passage(String section, String text, String reading) {
    }

    private record ReadMeasure(long version, List<Passage> passages) {
    }

    private final GatewayApi api;
    private final Map<String, ReadMeasure> byMeasure = new ConcurrentHashMap<>();

    ReadingSearch(GatewayApi api) {
        this.api = api;
    }

    /** The passages whose reading contains the query's, for a query that is all kana; none otherwise. */
    List<SearchHit> search(String query, List<MeasureSummary> measures) {
        String wanted = Readings.fold(query);
        List<SearchHit> hits = new ArrayList<>();
        if (!Readings.isKana(wanted)) {
            return hits;
        }
        for (MeasureSummary measure : measures) {
            for (Passage passage : passages(measure).passages()) {
                if (passage.reading().contains(wanted)) {
                    hits.add(new SearchHit(measure.measureId(), passage.section(), null, passage.text()));
                }
            }
        }
        return hits;
    }

    private ReadMeasure passages(MeasureSummary summary) {
        ReadMeasure known = byMeasure.get(summary.measureId());
        if (known != null && known.version() == summary.version()) {
            return known;
        }
        var measure = api.measure(summary.measureId());
        List<Passage> passages = new ArrayList<>();
        MeasureSections.of(measure).forEach((section, lines) -> {
            if (!section.equals(STATUS_SECTION)) {
                lines.forEach(line -> passages.add(new Passage(section, line, Readings.of(line))));
            }
        });
        ReadMeasure read = new ReadMeasure(measure.version(), List.copyOf(passages));
        byMeasure.put(summary.measureId(), read);
        return read;
    }
}
