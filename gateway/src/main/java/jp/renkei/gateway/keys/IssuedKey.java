package jp.renkei.gateway.keys;

/** The answer to issuing a key: the key itself, shown this once, and what is stored about it. */
public record IssuedKey(String key, ApiKeyView details) {
}
