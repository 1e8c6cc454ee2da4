package jp.renkei.contracts.plan;

/**
 * A municipality as events name it: who edited or approved a measure of a plan it holds. For the city's own staff it
 * is the plan's owner; for a partner's key, the co-owner the key belongs to.
 *
 * @param municipalityId the owner's municipality id ({@code abashiri}) or the co-owner's partner id ({@code ozora})
 * @param name           its name as the plan shows it (網走市, 大空町)
 */
public record MunicipalityRef(String municipalityId, String name) {
}
