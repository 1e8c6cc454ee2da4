package jp.renkei.consultation.participation;

import java.util.Optional;

/**
 * Where one kind of contribution is stored. The sweep asks it whether a contribution that was announced to a tally
 * was stored after all; the features that own opinions and hearing records answer, so participation depends on
 * neither of them (they depend on it, to be counted).
 */
public interface StoredContributions {

    Contribution.Kind kind();

    /** The contribution as stored, or empty while (or when) it is not. */
    Optional<Contribution> find(String documentId, String planId);
}
