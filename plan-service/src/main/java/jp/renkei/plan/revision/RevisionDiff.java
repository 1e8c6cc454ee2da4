package jp.renkei.plan.revision;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What differs between two versions of a measure, section by section.
 *
 * @param sections the sections that differ, in the order the measure shows them
 */
public record RevisionDiff(long from, long to, List<SectionChange> sections) {

    /** The sections of a measure snapshot that a diff compares, in display order. */
    static final List<String> SECTIONS = List.of("title", "currentSituation", "basicPolicy", "initiatives",
            "relatedPlans", "glossary", "tags", "status");

    public record SectionChange(String section, JsonNode before, JsonNode after) {
    }

    public static RevisionDiff between(Revision from, Revision to) {
        List<SectionChange> changes = new ArrayList<>();
        for (String section : SECTIONS) {
            JsonNode before = from.measure().path(section);
            JsonNode after = to.measure().path(section);
            if (!before.equals(after)) {
                changes.add(new SectionChange(section, before, after));
            }
        }
        return new RevisionDiff(from.version(), to.version(), changes);
    }
}
