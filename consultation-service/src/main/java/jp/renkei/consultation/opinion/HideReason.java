package jp.renkei.consultation.opinion;

/** Why a moderator hid an opinion from the public result. */
public enum HideReason {
    /** 誹謗中傷・公序良俗に反する内容 */
    ABUSE,
    /** 他者の個人情報 */
    OTHERS_PERSONAL_DATA,
    /** 案件と無関係 */
    OFF_TOPIC
}
