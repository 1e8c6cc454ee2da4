package jp.renkei.sync.partner;

/** A municipality or body that receives Abashiri's plan and consultation changes. */
public record Partner(String id, String name, String nameEn, String kind, String description) {
}
