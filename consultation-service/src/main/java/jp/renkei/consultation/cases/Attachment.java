package jp.renkei.consultation.cases;

/** A document published with the consultation (the draft, a summary, materials), as a link. */
public record Attachment(String title, String url) {
}
