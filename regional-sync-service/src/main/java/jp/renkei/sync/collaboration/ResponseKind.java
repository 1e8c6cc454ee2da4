package jp.renkei.sync.collaboration;

/** What a partner says to an event it received. */
public enum ResponseKind {
    ACKNOWLEDGED, COMMENTED, OBJECTED
}
