package jp.renkei.contracts.plan;

import java.util.List;

/**
 * A measure (施策) as it stands at one version: what a revised event carries in full, so that a partner's copy
 * never depends on having seen every earlier event.
 *
 * @param currentSituation 現状と課題, one entry per paragraph
 * @param basicPolicy      基本方針
 * @param initiatives      施策の展開, in order
 * @param relatedPlans     関連する個別計画
 */
public record MeasureSnapshot(String municipalityId, String planId, int goalNumber, String areaId, String measureId,
                              String number, String title, List<String> currentSituation, String basicPolicy,
                              List<Initiative> initiatives, List<String> relatedPlans, List<GlossaryTerm> glossary,
                              List<String> tags, String status, long version) {

    /** One 施策の区分 with its 施策の内容 items. */
    public record Initiative(String id, String number, String category, List<Item> items) {
    }

    /** One 施策の内容 item; its id stays stable across versions so opinions can point at it. */
    public record Item(String id, String text) {
    }

    public record GlossaryTerm(String term, String definition) {
    }
}
