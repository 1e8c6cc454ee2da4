package jp.renkei.plan.measure;

import java.util.List;
import java.util.stream.Collectors;
import jp.renkei.contracts.plan.MunicipalityRef;

/** A joint measure cannot be adopted before every co-owner approved its current content. */
public class MissingApprovalsException extends RuntimeException {

    private final List<MunicipalityRef> missing;

    public MissingApprovalsException(String measureId, List<MunicipalityRef> missing) {
        super("measure " + measureId + " of a joint plan is adopted only with every co-owner's approval of its current "
                + "version; not approved by " + missing.stream()
                .map(coOwner -> coOwner.name() + " (" + coOwner.municipalityId() + ")")
                .collect(Collectors.joining(", ")));
        this.missing = List.copyOf(missing);
    }

    public List<MunicipalityRef> missing() {
        return missing;
    }
}
