package jp.renkei.consultation.catalog;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

@Repository
public class MeasureCatalog {

    private static final String CATALOG = "measure_catalog";

    private final MongoTemplate mongo;

    MeasureCatalog(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Records the measure as an event describes it, unless the catalog already holds that version or a newer one:
     * a redelivered or late event is a no-op, so applying events is idempotent.
     */
    public void apply(CatalogMeasure measure) {
        Criteria olderThanThisEvent = where("_id").is(measure.id()).and("version").lt(measure.version());
        Update update = new Update()
                .set("planId", measure.planId())
                .set("goalNumber", measure.goalNumber())
                .set("areaId", measure.areaId())
                .set("measureId", measure.measureId())
                .set("title", measure.title())
                .set("tags", measure.tags())
                .set("status", measure.status())
                .set("version", measure.version())
                .set("lastEventId", measure.lastEventId())
                .set("lastEventType", measure.lastEventType())
                .set("updatedAt", measure.updatedAt());
        if (mongo.updateFirst(query(olderThanThisEvent), update, CATALOG).getMatchedCount() == 0) {
            try {
                mongo.insert(measure, CATALOG);
            } catch (DuplicateKeyException sameOrNewerVersionKept) {
                // the catalog already has this version or a newer one
            }
        }
    }

    public Optional<CatalogMeasure> find(String planId, String measureId) {
        return Optional.ofNullable(mongo.findById(planId + "/" + measureId, CatalogMeasure.class, CATALOG));
    }

    public List<CatalogMeasure> all() {
        return mongo.find(query(new Criteria()).with(Sort.by("_id")), CatalogMeasure.class, CATALOG);
    }
}
